package coop.litang.cooplive.inventory;

import java.util.UUID;

/**
 * What one supplier member delivered in a period: the member's transaction volume with
 * the cooperative.
 *
 * @param memberId the supplier member
 * @param amountFen the purchase value of the receipts, in fen
 * @param quantity the units received
 */
public record SupplierVolume(UUID memberId, long amountFen, long quantity) {
}
