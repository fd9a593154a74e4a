package coop.litang.cooplive.livestream;

import java.time.Duration;
import java.util.List;

import coop.litang.cooplive.shared.PeriodicJob;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Units taken (held or paid) and remaining per item of the live sessions, read from
 * PostgreSQL every few seconds: {@code cooplive.live.item.units.sold} and
 * {@code cooplive.live.item.units.remaining}, tagged by session and SKU. Every instance
 * reports the same figures; items leave the gauges when their session ends.
 */
@Component
class LiveItemMetrics extends PeriodicJob {

	private static final Logger log = LoggerFactory.getLogger(LiveItemMetrics.class);

	static final Duration REFRESH = Duration.ofSeconds(5);

	private final Sessions sessions;

	private final MultiGauge sold;

	private final MultiGauge remaining;

	LiveItemMetrics(Sessions sessions, MeterRegistry meters) {
		super("live-item-metrics", Duration.ZERO, REFRESH);
		this.sessions = sessions;
		this.sold = MultiGauge.builder("cooplive.live.item.units.sold")
			.description("Units of a live item taken by orders, held or paid")
			.register(meters);
		this.remaining = MultiGauge.builder("cooplive.live.item.units.remaining")
			.description("Units of a live item's quota still to sell")
			.register(meters);
	}

	/** Reads the open items once and replaces the gauges' rows. */
	Mono<Void> refresh() {
		return this.sessions.openItems().collectList().doOnNext((items) -> {
			this.sold.register(rows(items, false), true);
			this.remaining.register(rows(items, true), true);
		}).then();
	}

	private static List<MultiGauge.Row<?>> rows(List<Sessions.Item> items, boolean remaining) {
		return items.stream().<MultiGauge
				.Row<?>>map(
						(item) -> MultiGauge.Row.of(
								Tags.of("session", item.sessionId().toString(), "sku", item.skuCode()),
								remaining ? item.quota() - item.sold() : item.sold()))
			.toList();
	}

	@Override
	protected Mono<?> tick() {
		return refresh().onErrorResume((ex) -> {
			log.debug("live item gauges not refreshed: {}", ex.toString());
			return Mono.empty();
		});
	}

}
