package coop.litang.cooplive.shared;

/**
 * The request is understood but cannot be applied as sent, such as an idempotency key
 * reused with a different body; answered 422 with a machine-readable code.
 */
public class Unprocessable extends Refusal {

	private final String code;

	public Unprocessable(String code, String message) {
		super(message);
		this.code = code;
	}

	public String code() {
		return this.code;
	}

}
