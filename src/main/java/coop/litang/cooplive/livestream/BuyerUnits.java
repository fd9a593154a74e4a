package coop.litang.cooplive.livestream;

/**
 * Units of a live item one buyer's order asks for, in a drop's batch.
 *
 * @param buyerPhone the buyer, by phone number
 * @param quantity the units
 */
public record BuyerUnits(String buyerPhone, long quantity) {
}
