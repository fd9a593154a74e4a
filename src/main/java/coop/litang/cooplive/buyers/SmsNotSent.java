package coop.litang.cooplive.buyers;

import coop.litang.cooplive.shared.Refusal;

/**
 * The SMS provider did not take a verification code: what the buyer is answered, and
 * whether the message may have gone out nonetheless (a timeout after it was sent).
 */
final class SmsNotSent extends RuntimeException {

	private final Refusal answer;

	private final boolean maybeSent;

	SmsNotSent(Refusal answer, boolean maybeSent) {
		super(answer.getMessage(), null, false, false);
		this.answer = answer;
		this.maybeSent = maybeSent;
	}

	/** The refusal the buyer gets (400, 429 or 503). */
	Refusal answer() {
		return this.answer;
	}

	/** Whether the provider may have sent the message although it did not say so. */
	boolean maybeSent() {
		return this.maybeSent;
	}

}
