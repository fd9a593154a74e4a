package coop.litang.cooplive.ordering;

import java.util.EnumSet;
import java.util.Set;

/**
 * An order's state machine, declared here once and followed by {@link Order}:
 * {@code PENDING_PAYMENT → PAID → SHIPPED → DELIVERED}, with {@code CANCELLED} before
 * payment, {@code EXPIRED} when the unpaid hold ran out and {@code REFUNDED} after a full
 * refund. A card payment that arrives after the hold expired revives the order
 * ({@code EXPIRED → PAID}) when its stock is still there; a cash on delivery order ships
 * unpaid ({@code PENDING_PAYMENT → SHIPPED}) and is paid at delivery.
 */
public enum OrderStatus {

	PENDING_PAYMENT, PAID, SHIPPED, DELIVERED, CANCELLED, EXPIRED, REFUNDED;

	/** The states this one may move to. */
	public Set<OrderStatus> next() {
		return switch (this) {
			case PENDING_PAYMENT -> EnumSet.of(PAID, CANCELLED, EXPIRED, SHIPPED);
			case PAID -> EnumSet.of(SHIPPED, REFUNDED);
			case SHIPPED -> EnumSet.of(DELIVERED, REFUNDED);
			case DELIVERED -> EnumSet.of(REFUNDED);
			case EXPIRED -> EnumSet.of(PAID);
			case CANCELLED, REFUNDED -> EnumSet.noneOf(OrderStatus.class);
		};
	}

	public boolean canMoveTo(OrderStatus target) {
		return next().contains(target);
	}

	/**
	 * Whether the order is paid for and the payment kept: paid, shipped or delivered (not
	 * refunded in full). Such an order counts as revenue and may be refunded.
	 */
	public boolean keepsPayment() {
		return this == PAID || this == SHIPPED || this == DELIVERED;
	}

	/** Whether the order's units count as sold or held (for stats and limits). */
	public boolean holdsGoods() {
		return this == PENDING_PAYMENT || this == PAID || this == SHIPPED || this == DELIVERED;
	}

}
