package coop.litang.cooplive.payments;

import java.util.List;
import java.util.UUID;

/**
 * What the storefront needs to collect a card payment with Stripe's client library.
 *
 * @param orderId the order
 * @param paymentIntentId Stripe's PaymentIntent
 * @param clientSecret the PaymentIntent's client secret, for the buyer's browser or app
 * only
 * @param amountFen the amount, in fen
 * @param currency {@code cny}
 * @param paymentMethodTypes what the buyer may pay with
 * @param status the PaymentIntent's status when it was created or last seen
 */
public record CardPaymentView(UUID orderId, String paymentIntentId, String clientSecret, long amountFen,
		String currency, List<String> paymentMethodTypes, String status) {
}
