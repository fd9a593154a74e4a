package coop.litang.cooplive.inventory;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A recorded stock receipt with its public traceability code.
 *
 * @param id its id
 * @param traceCode the short code printed on the goods
 * @param skuId what was delivered
 * @param supplierMemberId who delivered it
 * @param originVillageId where it was harvested
 * @param quantity units
 * @param purchaseValueFen value in fen
 * @param harvestDate harvest day
 * @param deliveredOn the day it was delivered, which decides its fiscal year
 * @param receivedAt when it was recorded
 */
public record StockReceiptView(UUID id, String traceCode, UUID skuId, UUID supplierMemberId, UUID originVillageId,
		long quantity, long purchaseValueFen, LocalDate harvestDate, LocalDate deliveredOn, Instant receivedAt) {
}
