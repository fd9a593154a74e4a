package coop.litang.cooplive.buyers;

import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Verification metrics: {@code cooplive.buyers.codes} (codes asked for, by outcome) and
 * {@code cooplive.buyers.confirmations} (codes confirmed, by outcome). Every series
 * exists from the start, at zero.
 */
@Component
class BuyerMetrics {

	/** Outcomes of asking for a code. */
	static final List<String> CODE_OUTCOMES = List.of("sent", "resend_too_soon", "daily_limit", "sms_throttled",
			"sms_number_refused", "sms_unavailable", "sms_not_configured", "unavailable");

	/** Outcomes of confirming a code. */
	static final List<String> CONFIRMATION_OUTCOMES = List.of("verified", "wrong", "expired", "locked", "unavailable");

	private final MeterRegistry meters;

	BuyerMetrics(MeterRegistry meters) {
		this.meters = meters;
		CODE_OUTCOMES.forEach(this::codes);
		CONFIRMATION_OUTCOMES.forEach(this::confirmations);
	}

	void code(String outcome) {
		codes(outcome).increment();
	}

	void confirmation(String outcome) {
		confirmations(outcome).increment();
	}

	private Counter codes(String outcome) {
		return Counter.builder("cooplive.buyers.codes")
			.description("Verification codes buyers asked for, by outcome")
			.tag("outcome", outcome)
			.register(this.meters);
	}

	private Counter confirmations(String outcome) {
		return Counter.builder("cooplive.buyers.confirmations")
			.description("Verification codes buyers sent back, by outcome")
			.tag("outcome", outcome)
			.register(this.meters);
	}

}
