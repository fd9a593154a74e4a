package coop.litang.cooplive.inventory;

import coop.litang.cooplive.shared.Conflict;

/**
 * Not enough available stock (on hand minus reserved) for what was asked; answered 409
 * {@code SOLD_OUT}.
 */
public class SoldOut extends Conflict {

	public SoldOut(String skuCode) {
		super("SOLD_OUT", "not enough stock of " + skuCode + " available", "lines");
	}

}
