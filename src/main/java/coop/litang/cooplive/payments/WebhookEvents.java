package coop.litang.cooplive.payments;

import java.time.Clock;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import org.springframework.stereotype.Component;

/**
 * Verifies Stripe's signature of a webhook delivery against the exact raw body, then
 * reads the event ({@link StripeEvents}). The signature header is
 * {@code t=<unix time>,v1=<hex HMAC-SHA256 of
 * "<t>.<body>" with the endpoint's secret>}, with several {@code v1} entries while a
 * secret is rolled; deliveries older than the tolerance are refused so a captured one
 * cannot be replayed later.
 */
@Component
class WebhookEvents {

	private final StripeSettings settings;

	private final Clock clock;

	WebhookEvents(StripeSettings settings, Clock clock) {
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * The event, once its signature is verified.
	 * @throws Refused naming why it is not trusted
	 */
	ProviderEvent verify(String payload, String signatureHeader) {
		if (this.settings.webhookSecret() == null) {
			throw new Refused("unconfigured", "webhooks are not configured (cooplive.stripe.webhook-secret)");
		}
		if (signatureHeader == null || signatureHeader.isBlank()) {
			throw new Refused("missing", "the Stripe-Signature header is required");
		}
		if (payload == null) {
			throw new Refused("malformed", "the body is empty");
		}
		try {
			Webhook.Signature.verifyHeader(payload, signatureHeader, this.settings.webhookSecret(),
					this.settings.webhookTolerance().toSeconds(), this.clock);
		}
		catch (SignatureVerificationException ex) {
			throw classify(ex);
		}
		return StripeEvents.read(payload);
	}

	private static Refused classify(SignatureVerificationException ex) {
		String message = String.valueOf(ex.getMessage());
		if (message.contains("tolerance")) {
			return new Refused("stale", "the signature's timestamp is outside the tolerance");
		}
		if (message.contains("Unable to extract") || message.contains("expected scheme")) {
			return new Refused("malformed", "the Stripe-Signature header is malformed");
		}
		return new Refused("mismatch", "the signature does not match the body");
	}

	/** A delivery that is not trusted; {@link #reason()} tags the metric. */
	static final class Refused extends RuntimeException {

		private final String reason;

		Refused(String reason, String message) {
			super(message, null, false, false);
			this.reason = reason;
		}

		String reason() {
			return this.reason;
		}

	}

}
