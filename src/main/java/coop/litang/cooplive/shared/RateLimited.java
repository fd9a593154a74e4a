package coop.litang.cooplive.shared;

import java.time.Duration;

/**
 * A rate limit's bucket was empty: {@code 429 RATE_LIMITED} naming the limit
 * ({@code "limit": "per-address"}), with {@code Retry-After} saying when the bucket holds
 * a request again. Nothing was done.
 */
public class RateLimited extends TooManyRequests {

	/** The problem code of every rate limit's refusal. */
	public static final String CODE = "RATE_LIMITED";

	private final String limit;

	public RateLimited(RateLimit limit, Duration retryAfter) {
		super(CODE, detail(limit.name()), retryAfter);
		this.limit = limit.name();
	}

	/** The name of the limit that refused. */
	public String limit() {
		return this.limit;
	}

	/** The problem's detail for a refusal by the named limit. */
	static String detail(String limit) {
		return "too many requests (rate limit " + limit + "); try again after Retry-After seconds";
	}

}
