package coop.litang.cooplive.shared;

/**
 * What the caller names does not exist (or is not theirs to see); answered 404.
 */
public class NotFound extends Refusal {

	public NotFound(String what, Object reference) {
		super(what + " " + reference + " not found");
	}

}
