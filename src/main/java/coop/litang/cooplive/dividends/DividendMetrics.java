package coop.litang.cooplive.dividends;

import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * {@code cooplive.dividend.runs} by outcome: computed, approved, reversed; counted once
 * the change is committed.
 */
@Component
class DividendMetrics {

	private final Map<String, Counter> runs;

	DividendMetrics(MeterRegistry meters) {
		this.runs = Map.of("computed", counter(meters, "computed"), "approved", counter(meters, "approved"), "reversed",
				counter(meters, "reversed"));
	}

	private static Counter counter(MeterRegistry meters, String outcome) {
		return Counter.builder("cooplive.dividend.runs")
			.description("Dividend runs computed, approved and reversed")
			.tag("outcome", outcome)
			.register(meters);
	}

	void run(String outcome) {
		this.runs.get(outcome).increment();
	}

}
