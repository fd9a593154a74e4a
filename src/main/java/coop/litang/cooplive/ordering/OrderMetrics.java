package coop.litang.cooplive.ordering;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * Order metrics: {@code cooplive.orders} by channel and outcome, the latency of placing
 * an order by channel and outcome, and expired holds.
 */
@Component
class OrderMetrics {

	private final MeterRegistry meters;

	private final Counter expired;

	OrderMetrics(MeterRegistry meters) {
		this.meters = meters;
		this.expired = Counter.builder("cooplive.reservations.expired")
			.description("Unpaid orders whose hold ran out and whose stock was released")
			.register(meters);
	}

	void placed(OrderChannel channel, String outcome, Duration latency) {
		String channelTag = channel.name().toLowerCase();
		Counter.builder("cooplive.orders")
			.description("Order attempts by channel and outcome")
			.tag("channel", channelTag)
			.tag("outcome", outcome)
			.register(this.meters)
			.increment();
		Timer.builder("cooplive.orders.latency")
			.description("Time to answer an order attempt")
			.tag("channel", channelTag)
			.tag("outcome", outcome)
			.publishPercentileHistogram()
			.serviceLevelObjectives(Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofMillis(500))
			.register(this.meters)
			.record(latency);
	}

	void expired(int count) {
		this.expired.increment(count);
	}

}
