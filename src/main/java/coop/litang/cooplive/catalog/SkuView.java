package coop.litang.cooplive.catalog;

import java.util.UUID;

/**
 * A sellable unit of a product with its list price.
 *
 * @param id the SKU's id
 * @param productId the product it belongs to
 * @param code unique code, such as {@code CORD-1500-PC}
 * @param unit how it is counted
 * @param grade free text, such as "1500 pieces per jin"
 * @param listPriceFen price per unit in fen
 * @param active whether it can be sold
 */
public record SkuView(UUID id, UUID productId, String code, Unit unit, String grade, long listPriceFen,
		boolean active) {
}
