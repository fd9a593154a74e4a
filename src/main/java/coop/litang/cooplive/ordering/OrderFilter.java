package coop.litang.cooplive.ordering;

import java.util.UUID;

import coop.litang.cooplive.shared.PhoneNumber;

/**
 * Which orders a list shows; each criterion is left out when {@code null}.
 *
 * @param status orders in this state
 * @param channel from the storefront or from a live session
 * @param sessionId of this live session
 * @param phone of the buyer with this phone number
 */
public record OrderFilter(OrderStatus status, OrderChannel channel, UUID sessionId, PhoneNumber phone) {

	/** Every order. */
	public static final OrderFilter ALL = new OrderFilter(null, null, null, null);

}
