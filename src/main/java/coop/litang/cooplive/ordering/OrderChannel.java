package coop.litang.cooplive.ordering;

/**
 * Where an order came from: the storefront at list prices, or a live session at its
 * prices.
 */
public enum OrderChannel {

	STOREFRONT, SESSION

}
