package coop.litang.cooplive.payments;

import coop.litang.cooplive.payments.PaymentProvider.ProviderPayment;

/**
 * A verified webhook event of the card payment provider, as {@link PaymentManagement}
 * handles it; the provider's own types stay in its adapter ({@link StripeEvents}). Every
 * event is applied at most once by its {@link #id()}; its {@link #type()} is the
 * provider's name for it, kept for the records and the metrics.
 */
sealed interface ProviderEvent permits ProviderEvent.PaymentSucceeded, ProviderEvent.PaymentFailed,
		ProviderEvent.ChargeRefunded, ProviderEvent.Unhandled, ProviderEvent.OtherApiVersion {

	/** The provider's event id. */
	String id();

	/** The provider's event type, such as {@code payment_intent.succeeded}. */
	String type();

	/** The provider object the event is about, when known: stored with the event. */
	String objectId();

	/** A payment intent succeeded ({@code payment_intent.succeeded}). */
	record PaymentSucceeded(String id, String type, ProviderPayment payment) implements ProviderEvent {

		@Override
		public String objectId() {
			return this.payment.intentId();
		}

	}

	/**
	 * An attempt to pay failed ({@code payment_intent.payment_failed}) or the payment
	 * intent was cancelled ({@code payment_intent.canceled}); the payment's status says
	 * which.
	 */
	record PaymentFailed(String id, String type, ProviderPayment payment) implements ProviderEvent {

		@Override
		public String objectId() {
			return this.payment.intentId();
		}

	}

	/**
	 * A charge of a payment intent was refunded, in part or in full
	 * ({@code charge.refunded}).
	 *
	 * @param payment the charge's payment: what was captured, with no order
	 * @param refundedFen all that was refunded of the charge so far
	 */
	record ChargeRefunded(String id, String type, String chargeId, ProviderPayment payment,
			long refundedFen) implements ProviderEvent {

		@Override
		public String objectId() {
			return this.chargeId;
		}

	}

	/**
	 * An event this service does not act on.
	 *
	 * @param objectId the object it is about, when it is one the service knows
	 * @param why what is answered for it
	 */
	record Unhandled(String id, String type, String objectId, String why) implements ProviderEvent {

		static final String NOT_HANDLED = "event type not handled";

	}

	/**
	 * An event rendered with another API version than the one this service reads: its
	 * object could not be read.
	 */
	record OtherApiVersion(String id, String type, String apiVersion) implements ProviderEvent {

		@Override
		public String objectId() {
			return null;
		}

	}

}
