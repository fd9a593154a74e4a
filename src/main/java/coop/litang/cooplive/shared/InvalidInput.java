package coop.litang.cooplive.shared;

import java.util.Map;

/**
 * The caller sent a value that breaks a rule; answered 400 with the offending fields.
 */
public class InvalidInput extends Refusal {

	private final Map<String, String> fieldErrors;

	public InvalidInput(String field, String message) {
		this(Map.of(field, message));
	}

	public InvalidInput(Map<String, String> fieldErrors) {
		super("invalid input: " + fieldErrors);
		this.fieldErrors = Map.copyOf(fieldErrors);
	}

	/** Field name to what is wrong with it. */
	public Map<String, String> fieldErrors() {
		return this.fieldErrors;
	}

}
