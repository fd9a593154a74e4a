package coop.litang.cooplive.payments;

import java.util.Locale;

/**
 * What became of a webhook event: the word answered to Stripe, stored with the event and
 * used as the {@code outcome} tag of {@code cooplive.webhooks}.
 */
enum WebhookOutcome {

	/** The event changed something now. */
	APPLIED,

	/** The event, or the payment it reports, was applied before. */
	DUPLICATE,

	/** The event no longer fits, or is not one this service acts on. */
	IGNORED,

	/** The payment differs from its order's amount or currency: an admin has to look. */
	FLAGGED;

	/** The lower-case word: {@code applied}, {@code duplicate}, ... */
	String value() {
		return name().toLowerCase(Locale.ROOT);
	}

}
