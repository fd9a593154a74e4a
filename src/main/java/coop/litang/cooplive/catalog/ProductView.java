package coop.litang.cooplive.catalog;

import java.util.List;
import java.util.UUID;

/**
 * A product with its SKUs.
 *
 * @param id the product's id
 * @param code unique code, such as {@code CORDYCEPS}
 * @param nameZh name in Chinese
 * @param nameEn name in English
 * @param description free text
 * @param active whether it is offered
 * @param skus its SKUs
 */
public record ProductView(UUID id, String code, String nameZh, String nameEn, String description, boolean active,
		List<SkuView> skus) {
}
