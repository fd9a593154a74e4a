package coop.litang.cooplive.shared;

/**
 * The caller's role may call the endpoint, but the thing belongs to someone else, or the
 * change needs a higher role; answered 403.
 */
public class Forbidden extends Refusal {

	private final String code;

	private final String field;

	public Forbidden(String message) {
		this("NOT_YOURS", message, null);
	}

	/**
	 * A refusal the caller's role may not get past, such as a price only an admin may
	 * set.
	 * @param code a stable code clients can branch on
	 * @param field the request field it is about, or {@code null}
	 */
	public Forbidden(String code, String message, String field) {
		super(message);
		this.code = code;
		this.field = field;
	}

	/** A stable code: {@code NOT_YOURS} for another's thing. */
	public String code() {
		return this.code;
	}

	/** The request field the refusal is about, or {@code null}. */
	public String field() {
		return this.field;
	}

}
