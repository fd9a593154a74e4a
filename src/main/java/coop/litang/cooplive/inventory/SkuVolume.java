package coop.litang.cooplive.inventory;

import java.util.UUID;

/**
 * What one supplier delivered of one SKU in a period.
 *
 * @param skuId the SKU
 * @param skuCode its code
 * @param quantity units received
 * @param amountFen their purchase value in fen
 */
public record SkuVolume(UUID skuId, String skuCode, long quantity, long amountFen) {
}
