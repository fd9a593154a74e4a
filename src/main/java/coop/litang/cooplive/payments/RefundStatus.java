package coop.litang.cooplive.payments;

/**
 * A refund's state: asked of Stripe and not confirmed yet ({@code PENDING}), done
 * ({@code SUCCEEDED}) or refused by Stripe ({@code FAILED}, nothing was refunded).
 */
public enum RefundStatus {

	PENDING, SUCCEEDED, FAILED

}
