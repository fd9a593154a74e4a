package coop.litang.cooplive.payments;

import java.util.List;
import java.util.UUID;

import reactor.core.publisher.Mono;

/**
 * The card payment provider as cooplive needs it; {@link StripeProvider} is the one in
 * use. Every call is idempotent on the key it is given.
 */
interface PaymentProvider {

	/** Whether card payments can be taken (a secret key is configured). */
	boolean configured();

	/**
	 * Creates a payment intent for an order, or answers the one created before with the
	 * same key.
	 * @throws ProviderUnavailable when the provider cannot be reached or fails
	 * @throws ProviderRefused when it refuses the request
	 */
	Mono<ProviderIntent> createIntent(UUID orderId, long amountFen, String currency, List<String> methodTypes,
			String idempotencyKey);

	/** The payment intent as the provider has it now. */
	Mono<ProviderIntent> intent(String intentId);

	/** Refunds part or all of a payment intent's payment. */
	Mono<ProviderRefund> refund(String intentId, long amountFen, String reason, String idempotencyKey);

	/** A refund as the provider has it now. */
	Mono<ProviderRefund> refundStatus(String refundId);

	/**
	 * A payment intent.
	 *
	 * @param status the provider's status, such as {@code requires_payment_method} or
	 * {@code succeeded}
	 * @param amountReceivedFen what was received, once it succeeded
	 */
	record ProviderIntent(String id, UUID orderId, long amountFen, long amountReceivedFen, String currency,
			String status, String clientSecret) {

		boolean succeeded() {
			return "succeeded".equals(this.status);
		}

		/**
		 * The payment as received: what was received once it succeeded, else the amount.
		 */
		ProviderPayment payment() {
			return new ProviderPayment(this.id, this.orderId,
					(this.amountReceivedFen > 0) ? this.amountReceivedFen : this.amountFen,
					String.valueOf(this.currency), String.valueOf(this.status));
		}

	}

	/**
	 * A payment as the provider reports it, in a webhook event or when asked.
	 *
	 * @param intentId the payment intent
	 * @param orderId the order named in the intent's metadata, when it names a valid one
	 * @param amountFen what was received, or the amount asked for while nothing was
	 * @param currency the currency, {@code "null"} when the provider gave none
	 * @param status the provider's status of the intent
	 */
	record ProviderPayment(String intentId, UUID orderId, long amountFen, String currency, String status) {
	}

	/**
	 * A refund.
	 *
	 * @param status {@code succeeded}, {@code pending}, {@code requires_action},
	 * {@code failed} or {@code canceled}
	 */
	record ProviderRefund(String id, long amountFen, String status, String failureReason) {

		boolean succeeded() {
			return "succeeded".equals(this.status);
		}

		boolean failed() {
			return "failed".equals(this.status) || "canceled".equals(this.status);
		}

	}

	/** The provider could not be reached, timed out or failed on its side. */
	final class ProviderUnavailable extends RuntimeException {

		ProviderUnavailable(String message, Throwable cause) {
			super(message, cause);
		}

	}

	/** The provider refused the request (a 4xx answer); retrying will not help. */
	final class ProviderRefused extends RuntimeException {

		private final String code;

		ProviderRefused(String code, String message, Throwable cause) {
			super(message, cause);
			this.code = code;
		}

		String code() {
			return this.code;
		}

	}

}
