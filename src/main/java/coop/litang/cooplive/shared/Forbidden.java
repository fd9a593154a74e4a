package coop.litang.cooplive.shared;

/**
 * The caller's role may call the endpoint, but the thing belongs to someone else;
 * answered 403.
 */
public class Forbidden extends Refusal {

	public Forbidden(String message) {
		super(message);
	}

}
