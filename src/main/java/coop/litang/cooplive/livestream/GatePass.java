package coop.litang.cooplive.livestream;

/**
 * What the Redis gate did with an order for a live item.
 */
public enum GatePass {

	/**
	 * It took the units (and left the order's mark); give them back if the order fails.
	 */
	TAKEN,
	/** Redis could not decide; PostgreSQL alone decides. */
	UNDECIDED,
	/** An order with the same mark passed before: it may be a retry of a placed order. */
	MARKED_BEFORE,
	/**
	 * An order with the same mark passed moments ago, on this instance or another: it may
	 * be a retry of an order still in flight, which PostgreSQL cannot show yet.
	 */
	MARKED_RECENTLY

}
