package coop.litang.cooplive.shared;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * A token bucket: it holds at most {@code capacity} requests (the burst), and
 * {@code refill} more come back every {@code period}, evenly spread. Each subject (an
 * address, a buyer) has a bucket of its own in Redis, shared by every instance.
 * {@link RateLimits#take} takes one request from it.
 *
 * @param name names the limit in answers ({@code "limit": "per-address"}), metrics and
 * Redis keys: lower-case letters, digits and dashes
 * @param capacity the most requests a full bucket lets through at once
 * @param refill how many requests come back per period
 * @param period the period of the refill, at least a millisecond
 */
public record RateLimit(String name, long capacity, long refill, Duration period) {

	private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

	// the bucket's level is kept in Redis as whole units of 1/period-in-ms of a request,
	// so refilling is exact arithmetic in Lua's doubles: a full bucket must stay below
	// 2^53 units
	private static final long MAX_UNITS = 1L << 53;

	public RateLimit {
		if (name == null || !NAME.matcher(name).matches()) {
			throw new IllegalArgumentException(
					"a rate limit's name is 1 to 40 lower-case letters, digits and dashes, was " + name);
		}
		if (capacity < 1) {
			throw new IllegalArgumentException("rate limit " + name + ": capacity must be positive, was " + capacity);
		}
		if (refill < 1) {
			throw new IllegalArgumentException("rate limit " + name + ": refill must be positive, was " + refill);
		}
		if (period == null || period.toMillis() < 1) {
			throw new IllegalArgumentException("rate limit " + name + ": period must be at least 1 ms, was " + period);
		}
		long millis = period.toMillis();
		if (capacity >= MAX_UNITS / millis || refill >= MAX_UNITS / millis) {
			throw new IllegalArgumentException("rate limit " + name
					+ ": capacity and refill times the period in milliseconds must stay below 2^53, were " + capacity
					+ " and " + refill + " times " + millis);
		}
	}

	/** The period in milliseconds. */
	long periodMillis() {
		return this.period.toMillis();
	}

	@Override
	public String toString() {
		return this.name + " (" + this.capacity + " at once, " + this.refill + " per " + this.period + ")";
	}

}
