package coop.litang.cooplive.payments;

import java.util.UUID;

import coop.litang.cooplive.shared.Conflict;

/** A refund was asked to move in a way its {@link RefundStatus} does not allow. */
class IllegalRefundTransition extends Conflict {

	IllegalRefundTransition(UUID refundId, RefundStatus from, RefundStatus to) {
		super("ILLEGAL_TRANSITION", "refund " + refundId + " is " + from + " and cannot become " + to);
	}

}
