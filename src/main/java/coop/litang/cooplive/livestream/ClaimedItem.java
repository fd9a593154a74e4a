package coop.litang.cooplive.livestream;

import java.util.UUID;

/**
 * Units of a live line-up item taken for an order.
 *
 * @param lineupItemId the line-up item
 * @param skuId the SKU
 * @param skuCode its code
 * @param unitPriceFen the session price captured for the order
 * @param quantity units taken
 */
public record ClaimedItem(UUID lineupItemId, UUID skuId, String skuCode, long unitPriceFen, long quantity) {
}
