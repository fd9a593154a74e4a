package coop.litang.cooplive.ordering;

import java.util.EnumSet;
import java.util.Set;

/**
 * An order's state machine: {@code PENDING_PAYMENT → PAID → SHIPPED → DELIVERED}, with
 * {@code CANCELLED} before payment, {@code EXPIRED} when the unpaid hold ran out and
 * {@code REFUNDED} after a refund.
 */
public enum OrderStatus {

	PENDING_PAYMENT, PAID, SHIPPED, DELIVERED, CANCELLED, EXPIRED, REFUNDED;

	/** The states this one may move to. */
	public Set<OrderStatus> next() {
		return switch (this) {
			case PENDING_PAYMENT -> EnumSet.of(PAID, CANCELLED, EXPIRED);
			case PAID -> EnumSet.of(SHIPPED, REFUNDED);
			case SHIPPED -> EnumSet.of(DELIVERED, REFUNDED);
			case DELIVERED, CANCELLED, EXPIRED, REFUNDED -> EnumSet.noneOf(OrderStatus.class);
		};
	}

	public boolean canMoveTo(OrderStatus target) {
		return next().contains(target);
	}

	/** Whether the order's units count as sold or held (for stats and limits). */
	public boolean holdsGoods() {
		return this == PENDING_PAYMENT || this == PAID || this == SHIPPED || this == DELIVERED;
	}

}
