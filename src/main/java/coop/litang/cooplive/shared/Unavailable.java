package coop.litang.cooplive.shared;

import java.time.Duration;

/**
 * Something the request needs is not available right now, such as the payment provider;
 * answered 503 with a machine-readable code and a {@code Retry-After} hint. Nothing was
 * changed.
 */
public class Unavailable extends TryLater {

	public Unavailable(String code, String message, Duration retryAfter) {
		super(code, message, retryAfter);
	}

}
