package coop.litang.cooplive.inventory;

import java.time.LocalDate;

/**
 * What a buyer learns from a traceability code: no phone or other personal data.
 *
 * @param traceCode the code
 * @param productNameZh product in Chinese
 * @param productNameEn product in English
 * @param skuCode the SKU
 * @param grade its grade
 * @param villageNameZh origin village in Chinese
 * @param villageNameEn origin village in English
 * @param townshipNameZh its township in Chinese
 * @param townshipNameEn its township in English
 * @param harvestDate harvest day
 * @param supplier the supplier household's name, only when it agreed to show it
 * (otherwise null)
 */
public record TraceView(String traceCode, String productNameZh, String productNameEn, String skuCode, String grade,
		String villageNameZh, String villageNameEn, String townshipNameZh, String townshipNameEn, LocalDate harvestDate,
		String supplier) {
}
