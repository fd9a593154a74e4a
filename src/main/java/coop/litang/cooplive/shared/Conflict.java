package coop.litang.cooplive.shared;

/**
 * The request is well formed but clashes with the current state, such as a duplicate code
 * or a record still in use; answered 409 with a machine-readable code.
 */
public class Conflict extends Refusal {

	private final String code;

	private final String field;

	public Conflict(String code, String detail) {
		this(code, detail, null);
	}

	public Conflict(String code, String detail, String field) {
		super(detail);
		this.code = code;
		this.field = field;
	}

	/** A stable code such as {@code DUPLICATE_CODE} that clients can branch on. */
	public String code() {
		return this.code;
	}

	/** The request field that caused the clash, or {@code null}. */
	public String field() {
		return this.field;
	}

}
