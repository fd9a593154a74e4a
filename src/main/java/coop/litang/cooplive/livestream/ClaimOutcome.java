package coop.litang.cooplive.livestream;

/** What a batch claim did with one order's units of a live item. */
public enum ClaimOutcome {

	/** Taken: within the buyer's limit and the item's quota. */
	TAKEN,
	/** Refused: the buyer would hold more than the per-buyer limit. */
	OVER_LIMIT,
	/** Refused: the item's quota ran out before this order. */
	OVER_QUOTA

}
