package coop.litang.cooplive.ordering;

import java.util.Objects;
import java.util.UUID;

/**
 * A line of an order: what it holds and where the units came from.
 *
 * @param lineNo its number in the order, from 1
 * @param skuId the SKU
 * @param skuCode the SKU's code when the order was placed
 * @param lineupItemId the live item whose quota the units came from, or {@code null} for
 * general stock
 * @param quantity units, at least one
 * @param unitPriceFen the price of one unit, in fen
 */
record OrderLine(int lineNo, UUID skuId, String skuCode, UUID lineupItemId, long quantity, long unitPriceFen) {

	OrderLine {
		Objects.requireNonNull(skuId, "a line names its SKU");
		Objects.requireNonNull(skuCode, "a line names its SKU's code");
		if (lineNo < 1 || quantity < 1 || unitPriceFen < 1) {
			throw new IllegalArgumentException("a line has a number, units and a price");
		}
	}

	long totalFen() {
		return Math.multiplyExact(this.quantity, this.unitPriceFen);
	}

	OrderLineView view() {
		return new OrderLineView(this.skuCode, this.quantity, this.unitPriceFen, totalFen());
	}

}
