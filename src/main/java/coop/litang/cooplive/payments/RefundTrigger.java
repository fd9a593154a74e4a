package coop.litang.cooplive.payments;

/**
 * Why a refund was made: asked for by an admin or host ({@code MANUAL}), made by cooplive
 * for money it must not keep ({@code AUTOMATIC}: a payment for an order that was
 * cancelled, paid otherwise or expired with its stock gone), or made in Stripe's
 * dashboard and learnt from its events ({@code EXTERNAL}).
 */
public enum RefundTrigger {

	MANUAL, AUTOMATIC, EXTERNAL

}
