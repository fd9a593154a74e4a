package coop.litang.cooplive.livestream;

import coop.litang.cooplive.shared.Conflict;

/**
 * The buyer would hold more of an item than the session allows one buyer; 409
 * {@code BUYER_LIMIT_EXCEEDED}.
 */
public class BuyerLimitExceeded extends Conflict {

	public BuyerLimitExceeded(String skuCode, long limit) {
		super("BUYER_LIMIT_EXCEEDED", "one buyer may have at most " + limit + " of " + skuCode + " in this session",
				"lines");
	}

}
