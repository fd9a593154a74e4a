package coop.litang.cooplive.ordering;

/**
 * A line of an order at the price captured when it was placed.
 *
 * @param sku the SKU code
 * @param quantity units
 * @param unitPriceFen captured price per unit in fen
 * @param lineTotalFen quantity × unit price
 */
public record OrderLineView(String sku, long quantity, long unitPriceFen, long lineTotalFen) {
}
