package coop.litang.cooplive.payments;

import java.util.Optional;

import com.stripe.model.Charge;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.model.StripeObject;
import com.stripe.net.Webhook;
import coop.litang.cooplive.payments.PaymentProvider.ProviderPayment;
import coop.litang.cooplive.payments.ProviderEvent.ChargeRefunded;
import coop.litang.cooplive.payments.ProviderEvent.OtherApiVersion;
import coop.litang.cooplive.payments.ProviderEvent.PaymentFailed;
import coop.litang.cooplive.payments.ProviderEvent.PaymentSucceeded;
import coop.litang.cooplive.payments.ProviderEvent.Unhandled;

/**
 * Reads a Stripe webhook event, whose signature was verified, as a {@link ProviderEvent}:
 * Stripe's event and object types end here.
 */
final class StripeEvents {

	private StripeEvents() {
	}

	/**
	 * The event in a verified payload.
	 * @throws WebhookEvents.Refused when the payload is not a Stripe event
	 */
	static ProviderEvent read(String payload) {
		Event event;
		try {
			event = Webhook.constructEventWithoutVerification(payload);
		}
		catch (RuntimeException ex) {
			throw new WebhookEvents.Refused("malformed", "the body is not a Stripe event");
		}
		return of(event);
	}

	static ProviderEvent of(Event event) {
		String id = event.getId();
		String type = String.valueOf(event.getType());
		Optional<StripeObject> object = event.getDataObjectDeserializer().getObject();
		// an event of another API version deserializes with an empty object
		if (object.isEmpty() && !StripeApi.VERSION.equals(event.getApiVersion())) {
			return new OtherApiVersion(id, type, event.getApiVersion());
		}
		if (object.orElse(null) instanceof PaymentIntent intent) {
			ProviderPayment payment = StripeProvider.toIntent(intent).payment();
			return switch (type) {
				case "payment_intent.succeeded" -> new PaymentSucceeded(id, type, payment);
				case "payment_intent.payment_failed", "payment_intent.canceled" -> new PaymentFailed(id, type, payment);
				default -> new Unhandled(id, type, intent.getId(), Unhandled.NOT_HANDLED);
			};
		}
		if (object.orElse(null) instanceof Charge charge && "charge.refunded".equals(type)) {
			return chargeRefunded(id, type, charge);
		}
		return new Unhandled(id, type, null, Unhandled.NOT_HANDLED);
	}

	private static ProviderEvent chargeRefunded(String id, String type, Charge charge) {
		String intentId = charge.getPaymentIntent();
		if (intentId == null) {
			return new Unhandled(id, type, charge.getId(), "charge without a PaymentIntent");
		}
		long captured = StripeProvider.zeroIfNull(charge.getAmountCaptured());
		ProviderPayment payment = new ProviderPayment(intentId, null,
				(captured > 0) ? captured : StripeProvider.zeroIfNull(charge.getAmount()),
				String.valueOf(charge.getCurrency()), "succeeded");
		return new ChargeRefunded(id, type, charge.getId(), payment,
				StripeProvider.zeroIfNull(charge.getAmountRefunded()));
	}

}
