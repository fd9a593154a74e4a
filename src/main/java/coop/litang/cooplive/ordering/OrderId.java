package coop.litang.cooplive.ordering;

import java.util.Objects;
import java.util.UUID;

/** An order's identity. */
record OrderId(UUID value) {

	OrderId {
		Objects.requireNonNull(value, "an order id has a value");
	}

	static OrderId random() {
		return new OrderId(UUID.randomUUID());
	}

	@Override
	public String toString() {
		return this.value.toString();
	}

}
