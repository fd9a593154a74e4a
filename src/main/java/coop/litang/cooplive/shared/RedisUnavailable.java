package coop.litang.cooplive.shared;

/**
 * Redis cannot be reached right now; callers fall back to PostgreSQL.
 */
public class RedisUnavailable extends Refusal {

	public RedisUnavailable(String message) {
		super(message);
	}

}
