package coop.litang.cooplive.payments;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * Payment metrics: {@code cooplive.payment.intents} by outcome, {@code cooplive.webhooks}
 * by event type and outcome, {@code cooplive.webhook.signature.failures} by reason,
 * {@code cooplive.payment.mismatches}, {@code cooplive.refunds} by trigger and outcome,
 * {@code cooplive.refunded.fen} and {@code cooplive.stripe.requests} (time per call to
 * Stripe by operation and outcome). The series alerts watch exist from the start, at
 * zero.
 */
@Component
class PaymentMetrics {

	static final List<String> HANDLED_EVENTS = List.of("payment_intent.succeeded", "payment_intent.payment_failed",
			"payment_intent.canceled", "charge.refunded");

	private final MeterRegistry meters;

	private final Counter mismatches;

	private final Counter refundedFen;

	PaymentMetrics(MeterRegistry meters) {
		this.meters = meters;
		this.mismatches = Counter.builder("cooplive.payment.mismatches")
			.description("Succeeded payments whose amount or currency differed from the order's")
			.register(meters);
		this.refundedFen = Counter.builder("cooplive.refunded.fen")
			.description("Fen refunded to buyers through the card provider")
			.register(meters);
		List.of("created", "reused", "failed").forEach((outcome) -> intentCounter(outcome));
		List.of("missing", "malformed", "mismatch", "stale").forEach((reason) -> signatureCounter(reason));
		HANDLED_EVENTS.forEach((type) -> webhookCounter(type, WebhookOutcome.APPLIED.value()));
		for (RefundTrigger trigger : List.of(RefundTrigger.MANUAL, RefundTrigger.AUTOMATIC)) {
			for (RefundStatus outcome : List.of(RefundStatus.SUCCEEDED, RefundStatus.PENDING, RefundStatus.FAILED)) {
				refundCounter(tag(trigger), tag(outcome));
			}
		}
	}

	void intent(String outcome) {
		intentCounter(outcome).increment();
	}

	void webhook(String type, WebhookOutcome outcome) {
		webhook(type, outcome.value());
	}

	/** An event of another Stripe API version than this service reads. */
	void webhookOfOtherApiVersion(String type) {
		webhook(type, "version_mismatch");
	}

	/** An event that failed on our side. */
	void webhookFailed(String type) {
		webhook(type, "error");
	}

	private void webhook(String type, String outcome) {
		webhookCounter(HANDLED_EVENTS.contains(type) ? type : "other", outcome).increment();
	}

	void signatureFailure(String reason) {
		signatureCounter(reason).increment();
	}

	void mismatch() {
		this.mismatches.increment();
	}

	void refund(RefundTrigger trigger, RefundStatus outcome, long amountFen) {
		refundCounter(tag(trigger), tag(outcome)).increment();
		if (outcome == RefundStatus.SUCCEEDED) {
			this.refundedFen.increment(amountFen);
		}
	}

	void stripeCall(String operation, String outcome, long startedNanos) {
		Timer.builder("cooplive.stripe.requests")
			.description("Calls to Stripe by operation and outcome")
			.tag("operation", operation)
			.tag("outcome", outcome)
			.register(this.meters)
			.record(Duration.ofNanos(System.nanoTime() - startedNanos));
	}

	private static String tag(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT);
	}

	private Counter intentCounter(String outcome) {
		return Counter.builder("cooplive.payment.intents")
			.description("Card payment intents asked for, by outcome")
			.tag("outcome", outcome)
			.register(this.meters);
	}

	private Counter webhookCounter(String type, String outcome) {
		return Counter.builder("cooplive.webhooks")
			.description("Stripe webhook events by type and outcome")
			.tag("type", type)
			.tag("outcome", outcome)
			.register(this.meters);
	}

	private Counter signatureCounter(String reason) {
		return Counter.builder("cooplive.webhook.signature.failures")
			.description("Webhook deliveries refused for their signature, by reason")
			.tag("reason", reason)
			.register(this.meters);
	}

	private Counter refundCounter(String trigger, String outcome) {
		return Counter.builder("cooplive.refunds")
			.description("Refunds by trigger (manual, automatic) and outcome")
			.tag("trigger", trigger)
			.tag("outcome", outcome)
			.register(this.meters);
	}

}
