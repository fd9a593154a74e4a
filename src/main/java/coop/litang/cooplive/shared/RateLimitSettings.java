package coop.litang.cooplive.shared;

import java.time.Duration;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The rate limits on storefront writes ({@link RateLimits}).
 *
 * @param enabled whether any limit is applied; off, every request passes unchecked
 * @param perAddress the bucket of each client address, applied to every storefront write
 * before the web framework's routing; generous, because many real buyers share one
 * carrier-grade NAT address
 * @param perBuyer the bucket of each buyer (normalized phone), applied by the modules
 * that know the buyer
 */
@ConfigurationProperties("cooplive.rate-limits")
record RateLimitSettings(@DefaultValue("true") boolean enabled, @DefaultValue PerAddress perAddress,
		@DefaultValue PerBuyer perBuyer) {

	/** The name of the per-address limit in answers and metrics. */
	static final String PER_ADDRESS = "per-address";

	/** The name of the per-buyer limit in answers and metrics. */
	static final String PER_BUYER = "per-buyer";

	/**
	 * @param capacity requests one address may send at once (the burst)
	 * @param refill requests that come back per period
	 * @param period the period of the refill
	 */
	record PerAddress(@DefaultValue("200") long capacity, @DefaultValue("600") long refill,
			@DefaultValue("1m") Duration period) {

		PerAddress {
			check(PER_ADDRESS, capacity, refill, period);
		}

	}

	/**
	 * @param capacity requests one buyer may send at once (the burst)
	 * @param refill requests that come back per period
	 * @param period the period of the refill
	 */
	record PerBuyer(@DefaultValue("5") long capacity, @DefaultValue("10") long refill,
			@DefaultValue("1m") Duration period) {

		PerBuyer {
			check(PER_BUYER, capacity, refill, period);
		}

	}

	RateLimit perAddressLimit() {
		return new RateLimit(PER_ADDRESS, this.perAddress.capacity(), this.perAddress.refill(),
				this.perAddress.period());
	}

	RateLimit perBuyerLimit() {
		return new RateLimit(PER_BUYER, this.perBuyer.capacity(), this.perBuyer.refill(), this.perBuyer.period());
	}

	// a message naming the key and its variable, which start-up prints as the reason
	private static void check(String limit, long capacity, long refill, Duration period) {
		positive(limit, "capacity", capacity);
		positive(limit, "refill", refill);
		if (period == null || period.toMillis() < 1) {
			throw new IllegalArgumentException(name(limit, "period") + " must be at least 1ms, was " + period);
		}
		try {
			new RateLimit(limit, capacity, refill, period);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("cooplive.rate-limits." + limit + " is out of range: " + ex.getMessage(),
					ex);
		}
	}

	private static void positive(String limit, String field, long value) {
		if (value < 1) {
			throw new IllegalArgumentException(name(limit, field) + " must be positive, was " + value);
		}
	}

	private static String name(String limit, String field) {
		return "cooplive.rate-limits." + limit + "." + field + " (COOPLIVE_RATE_LIMITS_"
				+ limit.toUpperCase(Locale.ROOT).replace('-', '_') + "_" + field.toUpperCase(Locale.ROOT) + ")";
	}

}
