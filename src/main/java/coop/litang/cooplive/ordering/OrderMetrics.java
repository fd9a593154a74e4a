package coop.litang.cooplive.ordering;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * Order metrics: {@code cooplive.orders} by channel and outcome, the latency of placing
 * an order by channel and outcome, GMV per live session ({@code cooplive.gmv.fen}) and
 * expired holds.
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

	private record Key(OrderChannel channel, String outcome) {
	}

	/** The meters of one channel and outcome. */
	record Meters(Counter count, Timer latency) {

		void record(Duration latency) {
			this.count.increment();
			this.latency.record(latency);
		}

	}

	private final Map<Key, Meters> byOutcome = new ConcurrentHashMap<>();

	void placed(OrderChannel channel, String outcome, Duration latency) {
		meters(channel, outcome).record(latency);
	}

	/**
	 * The meters {@link #placed} records in, for a caller recording one outcome often.
	 */
	Meters meters(OrderChannel channel, String outcome) {
		return this.byOutcome.computeIfAbsent(new Key(channel, outcome), this::register);
	}

	private Meters register(Key key) {
		String channel = key.channel().name().toLowerCase();
		Counter count = Counter.builder("cooplive.orders")
			.description("Order attempts by channel and outcome")
			.tag("channel", channel)
			.tag("outcome", key.outcome())
			.register(this.meters);
		Timer latency = Timer.builder("cooplive.orders.latency")
			.description("Time to answer an order attempt")
			.tag("channel", channel)
			.tag("outcome", key.outcome())
			.publishPercentileHistogram()
			.serviceLevelObjectives(Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofMillis(500))
			.register(this.meters);
		return new Meters(count, latency);
	}

	private final Map<UUID, Counter> gmv = new ConcurrentHashMap<>();

	/** Adds an accepted order's total to its live session's GMV. */
	void gmv(UUID sessionId, long totalFen) {
		this.gmv
			.computeIfAbsent(sessionId,
					(id) -> Counter.builder("cooplive.gmv.fen")
						.description("Gross merchandise value of accepted orders per live session, in fen")
						.tag("session", id.toString())
						.register(this.meters))
			.increment(totalFen);
	}

	void expired(int count) {
		this.expired.increment(count);
	}

}
