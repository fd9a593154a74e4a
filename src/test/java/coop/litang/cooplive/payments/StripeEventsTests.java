package coop.litang.cooplive.payments;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import coop.litang.cooplive.payments.PaymentProvider.ProviderPayment;
import coop.litang.cooplive.payments.ProviderEvent.ChargeRefunded;
import coop.litang.cooplive.payments.ProviderEvent.OtherApiVersion;
import coop.litang.cooplive.payments.ProviderEvent.PaymentFailed;
import coop.litang.cooplive.payments.ProviderEvent.PaymentSucceeded;
import coop.litang.cooplive.payments.ProviderEvent.Unhandled;
import coop.litang.cooplive.testing.StripeFake;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Stripe's webhook events read as the provider events the payments module handles, from
 * payloads shaped as Stripe sends them.
 */
class StripeEventsTests {

	private static final UUID ORDER = UUID.fromString("5f0c8d1e-2b7a-4c3d-9e8f-1a2b3c4d5e6f");

	private static Map<String, Object> intent(String status, long amount, long received, Object orderId) {
		Map<String, Object> intent = new LinkedHashMap<>();
		intent.put("id", "pi_1");
		intent.put("object", "payment_intent");
		intent.put("amount", amount);
		intent.put("amount_received", received);
		intent.put("currency", "cny");
		intent.put("livemode", false);
		intent.put("metadata", (orderId != null) ? Map.of("order_id", orderId.toString()) : Map.of());
		intent.put("status", status);
		return intent;
	}

	private static Map<String, Object> charge(String intentId, long amount, long captured, long refunded) {
		Map<String, Object> charge = new LinkedHashMap<>();
		charge.put("id", "ch_1");
		charge.put("object", "charge");
		charge.put("amount", amount);
		charge.put("amount_captured", captured);
		charge.put("amount_refunded", refunded);
		charge.put("currency", "cny");
		charge.put("livemode", false);
		charge.put("metadata", Map.of());
		if (intentId != null) {
			charge.put("payment_intent", intentId);
		}
		return charge;
	}

	private static ProviderEvent read(String type, Map<String, Object> object) {
		return StripeEvents.read(StripeFake.event("evt_1", type, object, StripeFake.API_VERSION));
	}

	@Test
	void readsASucceededPaymentWithWhatWasReceivedAndTheOrderOfItsMetadata() {
		ProviderEvent event = read("payment_intent.succeeded", intent("succeeded", 1999, 1500, ORDER));

		assertThat(event).isEqualTo(new PaymentSucceeded("evt_1", "payment_intent.succeeded",
				new ProviderPayment("pi_1", ORDER, 1500, "cny", "succeeded")));
		assertThat(event.objectId()).isEqualTo("pi_1");
	}

	@Test
	void takesTheAmountAskedForWhileNothingWasReceived() {
		ProviderEvent event = read("payment_intent.succeeded", intent("succeeded", 1999, 0, ORDER));

		assertThat(((PaymentSucceeded) event).payment().amountFen()).isEqualTo(1999);
	}

	@Test
	void readsNoOrderFromMissingOrInvalidMetadata() {
		assertThat(
				((PaymentSucceeded) read("payment_intent.succeeded", intent("succeeded", 1999, 1999, null))).payment()
					.orderId())
			.isNull();
		assertThat(((PaymentSucceeded) read("payment_intent.succeeded", intent("succeeded", 1999, 1999, "not-a-uuid")))
			.payment()
			.orderId()).isNull();
	}

	@Test
	void readsFailedAndCancelledPaymentsAsFailedWithStripesStatus() {
		ProviderEvent failed = read("payment_intent.payment_failed", intent("requires_payment_method", 1999, 0, ORDER));
		ProviderEvent cancelled = read("payment_intent.canceled", intent("canceled", 1999, 0, ORDER));

		assertThat(failed).isEqualTo(new PaymentFailed("evt_1", "payment_intent.payment_failed",
				new ProviderPayment("pi_1", ORDER, 1999, "cny", "requires_payment_method")));
		assertThat(cancelled).isEqualTo(new PaymentFailed("evt_1", "payment_intent.canceled",
				new ProviderPayment("pi_1", ORDER, 1999, "cny", "canceled")));
	}

	@Test
	void leavesOtherPaymentIntentEventsUnhandledNamingTheIntent() {
		ProviderEvent event = read("payment_intent.created", intent("requires_payment_method", 1999, 0, ORDER));

		assertThat(event).isEqualTo(new Unhandled("evt_1", "payment_intent.created", "pi_1", "event type not handled"));
	}

	@Test
	void readsARefundedChargeWithWhatWasCapturedAndRefunded() {
		ProviderEvent event = read("charge.refunded", charge("pi_1", 1999, 1800, 500));

		assertThat(event).isEqualTo(new ChargeRefunded("evt_1", "charge.refunded", "ch_1",
				new ProviderPayment("pi_1", null, 1800, "cny", "succeeded"), 500));
		assertThat(event.objectId()).isEqualTo("ch_1");
	}

	@Test
	void takesTheChargedAmountWhileNothingWasCaptured() {
		ProviderEvent event = read("charge.refunded", charge("pi_1", 1999, 0, 0));

		assertThat(((ChargeRefunded) event).payment().amountFen()).isEqualTo(1999);
	}

	@Test
	void leavesARefundedChargeWithoutAPaymentIntentUnhandled() {
		ProviderEvent event = read("charge.refunded", charge(null, 1999, 1999, 1999));

		assertThat(event)
			.isEqualTo(new Unhandled("evt_1", "charge.refunded", "ch_1", "charge without a PaymentIntent"));
	}

	@Test
	void leavesOtherObjectsAndTypesUnhandledWithoutAnObject() {
		assertThat(read("charge.succeeded", charge("pi_1", 1999, 1999, 0)))
			.isEqualTo(new Unhandled("evt_1", "charge.succeeded", null, "event type not handled"));
		assertThat(read("customer.created", Map.of("id", "cus_1", "object", "customer")))
			.isEqualTo(new Unhandled("evt_1", "customer.created", null, "event type not handled"));
	}

	@Test
	void tellsAnEventOfAnotherApiVersion() {
		ProviderEvent event = StripeEvents.read(StripeFake.event("evt_1", "payment_intent.succeeded",
				intent("succeeded", 1999, 1999, ORDER), "2020-08-27"));

		assertThat(event).isEqualTo(new OtherApiVersion("evt_1", "payment_intent.succeeded", "2020-08-27"));
		assertThat(event.objectId()).isNull();
	}

	@Test
	void refusesABodyThatIsNotAStripeEvent() {
		assertThatExceptionOfType(WebhookEvents.Refused.class).isThrownBy(() -> StripeEvents.read("not json"))
			.satisfies((refused) -> assertThat(refused.reason()).isEqualTo("malformed"));
	}

}
