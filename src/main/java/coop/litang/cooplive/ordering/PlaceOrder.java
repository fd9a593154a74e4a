package coop.litang.cooplive.ordering;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * An order as a buyer or a host sends it.
 *
 * @param sessionId the live session it is placed in; absent for a storefront order at
 * list prices
 * @param buyer who receives the goods
 * @param lines SKUs and quantities; lines of the same SKU are added together
 * @param paymentMethod {@code CARD} (the default) or, for orders a host enters,
 * {@code OFFLINE} or {@code CASH_ON_DELIVERY}
 * @param paymentNote for an offline or cash on delivery order, how the buyer pays (cash,
 * transfer reference)
 */
public record PlaceOrder(UUID sessionId, @NotNull @Valid Buyer buyer,
		@NotEmpty @Size(max = 20) List<@Valid @NotNull OrderLineRequest> lines, PaymentMethod paymentMethod,
		@Size(max = 200) String paymentNote) {

	public PlaceOrder {
		lines = (lines != null) ? List.copyOf(lines) : null;
	}

}
