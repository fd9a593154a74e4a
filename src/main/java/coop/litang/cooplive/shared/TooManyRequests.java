package coop.litang.cooplive.shared;

import java.time.Duration;

/**
 * The caller asked too often, or the work it asks for is queued full; answered 429 with a
 * machine-readable code and {@code Retry-After}. Nothing was changed.
 */
public class TooManyRequests extends TryLater {

	public TooManyRequests(String code, String message, Duration retryAfter) {
		super(code, message, retryAfter);
	}

}
