package coop.litang.cooplive.payments;

import java.util.EnumSet;
import java.util.Set;

/**
 * A refund's state: asked of Stripe and not confirmed yet ({@code PENDING}), done
 * ({@code SUCCEEDED}) or refused by Stripe ({@code FAILED}, nothing was refunded).
 */
public enum RefundStatus {

	PENDING, SUCCEEDED, FAILED;

	/** The states this one may move to: a pending refund ends once, either way. */
	Set<RefundStatus> next() {
		return switch (this) {
			case PENDING -> EnumSet.of(SUCCEEDED, FAILED);
			case SUCCEEDED, FAILED -> EnumSet.noneOf(RefundStatus.class);
		};
	}

	boolean canMoveTo(RefundStatus target) {
		return next().contains(target);
	}

}
