package coop.litang.cooplive.payments;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The words webhook outcomes and refunds are answered and counted with: dashboards and
 * alerts depend on them.
 */
class PaymentMetricsTests {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final PaymentMetrics metrics = new PaymentMetrics(this.meters);

	private double webhooks(String type, String outcome) {
		var counter = this.meters.find("cooplive.webhooks").tag("type", type).tag("outcome", outcome).counter();
		return (counter != null) ? counter.count() : -1;
	}

	private double refunds(String trigger, String outcome) {
		var counter = this.meters.find("cooplive.refunds").tag("trigger", trigger).tag("outcome", outcome).counter();
		return (counter != null) ? counter.count() : -1;
	}

	@Test
	void webhookOutcomesAreAnsweredAndCountedInLowerCase() {
		assertThat(WebhookOutcome.values()).extracting(WebhookOutcome::value)
			.containsExactly("applied", "duplicate", "ignored", "flagged");
		assertThat(PaymentManagement.WebhookAnswer.of("evt_1", WebhookOutcome.FLAGGED, "AMOUNT_MISMATCH"))
			.isEqualTo(new PaymentManagement.WebhookAnswer("evt_1", "flagged", "AMOUNT_MISMATCH"));
	}

	@Test
	void countsWebhooksByHandledTypeAndOutcomeAndOthersAsOther() {
		this.metrics.webhook("payment_intent.succeeded", WebhookOutcome.APPLIED);
		this.metrics.webhook("charge.refunded", WebhookOutcome.DUPLICATE);
		this.metrics.webhook("customer.created", WebhookOutcome.IGNORED);
		this.metrics.webhookOfOtherApiVersion("payment_intent.succeeded");
		this.metrics.webhookFailed("payment_intent.canceled");

		assertThat(webhooks("payment_intent.succeeded", "applied")).isEqualTo(1);
		assertThat(webhooks("charge.refunded", "duplicate")).isEqualTo(1);
		assertThat(webhooks("other", "ignored")).isEqualTo(1);
		assertThat(webhooks("payment_intent.succeeded", "version_mismatch")).isEqualTo(1);
		assertThat(webhooks("payment_intent.canceled", "error")).isEqualTo(1);
	}

	@Test
	void theSeriesAlertsWatchExistFromTheStart() {
		for (String type : PaymentMetrics.HANDLED_EVENTS) {
			assertThat(webhooks(type, "applied")).isZero();
		}
		for (String trigger : new String[] { "manual", "automatic" }) {
			for (String outcome : new String[] { "succeeded", "pending", "failed" }) {
				assertThat(refunds(trigger, outcome)).isZero();
			}
		}
	}

	@Test
	void countsRefundsByTriggerAndOutcomeAndTheFenOfSucceededOnes() {
		this.metrics.refund(RefundTrigger.MANUAL, RefundStatus.SUCCEEDED, 500);
		this.metrics.refund(RefundTrigger.EXTERNAL, RefundStatus.SUCCEEDED, 300);
		this.metrics.refund(RefundTrigger.AUTOMATIC, RefundStatus.PENDING, 1999);
		this.metrics.refund(RefundTrigger.MANUAL, RefundStatus.FAILED, 700);

		assertThat(refunds("manual", "succeeded")).isEqualTo(1);
		assertThat(refunds("external", "succeeded")).isEqualTo(1);
		assertThat(refunds("automatic", "pending")).isEqualTo(1);
		assertThat(refunds("manual", "failed")).isEqualTo(1);
		assertThat(this.meters.get("cooplive.refunded.fen").counter().count()).isEqualTo(800);
	}

}
