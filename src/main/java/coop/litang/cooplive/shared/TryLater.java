package coop.litang.cooplive.shared;

import java.time.Duration;

/**
 * A refusal that trying again later may cure: it carries a machine-readable code and,
 * when it knows one, a {@code Retry-After} hint. Nothing was changed.
 */
public abstract class TryLater extends Refusal {

	private final String code;

	private final Duration retryAfter;

	protected TryLater(String code, String message, Duration retryAfter) {
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

	/** The hint in whole seconds, rounded up, at least one. */
	public long retryAfterSeconds() {
		return seconds(this.retryAfter);
	}

	/** A wait as {@code Retry-After} says it: whole seconds, rounded up, at least one. */
	public static long seconds(Duration wait) {
		return Math.max(1, (wait.toMillis() + 999) / 1000);
	}

}
