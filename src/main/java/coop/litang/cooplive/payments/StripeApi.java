package coop.litang.cooplive.payments;

import com.stripe.Stripe;

/**
 * The Stripe API version this service speaks: the one stripe-java is pinned to. Webhook
 * endpoints must be created with it; events of another version cannot be read.
 */
final class StripeApi {

	static final String VERSION = Stripe.API_VERSION;

	private StripeApi() {
	}

}
