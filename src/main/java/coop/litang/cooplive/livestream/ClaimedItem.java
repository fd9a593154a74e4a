package coop.litang.cooplive.livestream;

import java.util.UUID;

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
 */
public record ClaimedItem(UUID lineupItemId, UUID skuId, String skuCode, long unitPriceFen, long quantity,
		long perBuyerLimit) {
}
