package coop.litang.cooplive.livestream;

import java.time.Duration;
import java.util.UUID;

import coop.litang.cooplive.catalog.Unit;

/**
 * Units of a SKU taken for an order: from a live line-up item, or (without one) from
 * general stock at the list price.
 *
 * @param lineupItemId the line-up item, or {@code null} for general stock
 * @param skuId the SKU
 * @param skuCode its code
 * @param unitPriceFen the price captured for the order
 * @param quantity units taken
 * @param perBuyerLimit the line-up item's per-buyer limit, or 0 without one
 * @param terms how the item sells: to whom, when its units are taken, how long they are
 * held
 */
public record ClaimedItem(UUID lineupItemId, UUID skuId, String skuCode, long unitPriceFen, long quantity,
		long perBuyerLimit, Terms terms) {

	/**
	 * How an item sells.
	 *
	 * @param unit how the SKU is counted, which decides the hold caps
	 * @param verifiedBuyers whether only buyers with a verified phone may order it
	 * @param payToClaim whether its units are taken when the payment succeeds rather than
	 * held when the order is placed
	 * @param hold how long an unpaid order of it stays open, or {@code null} for the
	 * store's default
	 */
	public record Terms(Unit unit, boolean verifiedBuyers, boolean payToClaim, Duration hold) {

		/**
		 * General stock: anyone may order, units held at once for the store's default.
		 */
		public static Terms generalStock(Unit unit) {
			return new Terms(unit, false, false, null);
		}

	}

}
