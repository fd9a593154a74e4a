package coop.litang.cooplive.shared;

import java.time.Duration;

/**
 * Something the request needs is not available right now, such as the payment provider;
 * answered 503 with a machine-readable code and a {@code Retry-After} hint. Nothing was
 * changed.
 */
public class Unavailable extends Refusal {

	private final String code;

	private final Duration retryAfter;

	public Unavailable(String code, String message, Duration retryAfter) {
		super(message);
		this.code = code;
		this.retryAfter = retryAfter;
	}

	public String code() {
		return this.code;
	}

	/** When trying again makes sense; {@code null} when it will not help by itself. */
	public Duration retryAfter() {
		return this.retryAfter;
	}

}
