package coop.litang.cooplive.livestream;

import java.util.UUID;

/**
 * A line-up item with what is left of its quota.
 *
 * @param id its id
 * @param skuId the SKU
 * @param skuCode the SKU's code
 * @param sessionPriceFen price per unit in fen
 * @param quota units the session may sell
 * @param perBuyerLimit units per buyer
 * @param pinned whether it is the item being shown now
 * @param sold units in unpaid held and paid orders
 * @param remaining units still to be had: quota − sold
 * @param verifiedBuyers whether only buyers with a verified phone may order it
 * @param payToClaim whether it sells first paid, first served
 * @param holdMinutes how long an unpaid order of it stays open
 */
public record LineupItemView(UUID id, UUID skuId, String skuCode, long sessionPriceFen, long quota, long perBuyerLimit,
		boolean pinned, long sold, long remaining, boolean verifiedBuyers, boolean payToClaim, int holdMinutes) {
}
