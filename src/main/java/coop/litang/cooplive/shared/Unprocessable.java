package coop.litang.cooplive.shared;

import java.util.Map;

/**
 * The request is understood but cannot be applied as sent, such as an idempotency key
 * reused with a different body; answered 422 with a machine-readable code.
 */
public class Unprocessable extends Refusal {

	private final String code;

	private final Map<String, Object> properties;

	public Unprocessable(String code, String message) {
		this(code, message, Map.of());
	}

	/** With more members for the problem, such as the rows of a file that were wrong. */
	public Unprocessable(String code, String message, Map<String, Object> properties) {
		super(message);
		this.code = code;
		this.properties = Map.copyOf(properties);
	}

	public String code() {
		return this.code;
	}

	/** Further members of the problem. */
	public Map<String, Object> properties() {
		return this.properties;
	}

}
