package coop.litang.cooplive.payments;

import coop.litang.cooplive.shared.Secrets;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How cooplive talks to Stripe.
 *
 * @param secretKey the API secret key; without one, card payments answer 503 and
 * everything else works
 * @param webhookSecret the signing secret of the webhook endpoint ({@code whsec_…})
 * @param apiBase Stripe's API address; tests and local runs point it at a fake
 * @param paymentMethodTypes what buyers may pay with
 * @param currency the currency of every order (amounts in fen)
 * @param connectTimeout connecting to Stripe
 * @param readTimeout waiting for one answer from Stripe
 * @param maxNetworkRetries Stripe's own retries of a failed call (same idempotency key)
 * @param callTimeout the most one call may take, retries included
 * @param maxConcurrentCalls calls to Stripe in flight at once; more wait in a queue
 * @param maxQueuedCalls calls waiting; beyond that a call is refused at once with 503
 * @param webhookTolerance how old a signed webhook may be
 * @param reconcileAfter how old an unsettled PaymentIntent must be before Stripe is asked
 * about it
 * @param reconcileInterval how often reconciliation runs
 */
@ConfigurationProperties("cooplive.stripe")
public record StripeSettings(String secretKey, String webhookSecret,
		@DefaultValue("https://api.stripe.com") String apiBase, @DefaultValue( {
				"card", "alipay", "wechat_pay" }) List<String> paymentMethodTypes,
		@DefaultValue("cny") String currency, @DefaultValue("3s") Duration connectTimeout,
		@DefaultValue("10s") Duration readTimeout, @DefaultValue("1") int maxNetworkRetries,
		@DefaultValue("25s") Duration callTimeout, @DefaultValue("16") int maxConcurrentCalls,
		@DefaultValue("200") int maxQueuedCalls, @DefaultValue("300s") Duration webhookTolerance,
		@DefaultValue("5m") Duration reconcileAfter, @DefaultValue("1m") Duration reconcileInterval){

	public StripeSettings {
		secretKey = blankToNull(secretKey);
		webhookSecret = blankToNull(webhookSecret);
		if (secretKey != null && webhookSecret == null) {
			// anyone could then forge payment_intent.succeeded for their own order
			throw new IllegalArgumentException("cooplive.stripe.webhook-secret (COOPLIVE_STRIPE_WEBHOOK_SECRET) is not "
					+ "set while cooplive.stripe.secret-key is: set the webhook endpoint's signing secret (whsec_...)");
		}
		if ((secretKey != null && Secrets.placeholder(secretKey))
				|| (webhookSecret != null && Secrets.placeholder(webhookSecret))) {
			throw new IllegalArgumentException(
					"cooplive.stripe.secret-key or webhook-secret (COOPLIVE_STRIPE_SECRET_KEY, "
							+ "COOPLIVE_STRIPE_WEBHOOK_SECRET) is still the template's placeholder");
		}
		paymentMethodTypes = List.copyOf(paymentMethodTypes);
		if (paymentMethodTypes.isEmpty()) {
			throw new IllegalArgumentException("cooplive.stripe.payment-method-types must name at least one type");
		}
		if (maxConcurrentCalls < 1 || maxQueuedCalls < 0 || maxNetworkRetries < 0) {
			throw new IllegalArgumentException(
					"cooplive.stripe.max-concurrent-calls must be positive; max-queued-calls and max-network-retries not negative");
		}
	}

	/** Whether card payments can be taken. */
	public boolean configured() {
		return this.secretKey != null;
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	@Override
	public String toString() {
		return "StripeSettings[apiBase=" + this.apiBase + ", secretKey=" + (configured() ? "set" : "none")
				+ ", webhookSecret=" + ((this.webhookSecret != null) ? "set" : "none") + ", paymentMethodTypes="
				+ this.paymentMethodTypes + "]";
	}

}
