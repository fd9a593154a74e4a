package coop.litang.cooplive.livestream;

import coop.litang.cooplive.shared.Conflict;

/**
 * The session's quota for an item has fewer units left than asked; 409
 * {@code QUOTA_EXCEEDED}.
 */
public class QuotaExceeded extends Conflict {

	public QuotaExceeded(String skuCode) {
		super("QUOTA_EXCEEDED", "the session has not enough of " + skuCode + " left", "lines");
	}

}
