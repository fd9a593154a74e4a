package coop.litang.cooplive.shared;

import java.time.Duration;

/**
 * The caller asked too often, or the work it asks for is queued full; answered 429 with a
 * machine-readable code and {@code Retry-After}. Nothing was changed.
 */
public class TooManyRequests extends Refusal {

	private final String code;

	private final Duration retryAfter;

	public TooManyRequests(String code, String message, Duration retryAfter) {
		super(message);
		this.code = code;
		this.retryAfter = retryAfter;
	}

	public String code() {
		return this.code;
	}

	/** When to try again. */
	public Duration retryAfter() {
		return this.retryAfter;
	}

}
