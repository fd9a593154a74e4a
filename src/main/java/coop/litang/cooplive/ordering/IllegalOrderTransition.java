package coop.litang.cooplive.ordering;

import java.util.UUID;

import coop.litang.cooplive.shared.Conflict;

/**
 * The order is not in a state that allows the change; 409 {@code ILLEGAL_TRANSITION}.
 */
public class IllegalOrderTransition extends Conflict {

	public IllegalOrderTransition(UUID orderId, OrderStatus from, OrderStatus to) {
		super("ILLEGAL_TRANSITION", "order " + orderId + " is " + from + " and cannot become " + to);
	}

}
