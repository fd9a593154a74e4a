package coop.litang.cooplive.ordering;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import coop.litang.cooplive.livestream.LivestreamManagement;
import coop.litang.cooplive.shared.TooManyRequests;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A session's sales figures, once or as a stream. The streams of one session share one
 * source on an instance: its queries run once per change (and every ten seconds),
 * whatever the number of hosts and admins watching, and a new watcher gets the latest
 * figures at once. A user may hold a bounded number of streams.
 */
@Component
class SessionStats {

	private static final Duration HEARTBEAT = Duration.ofSeconds(10);

	private final Orders orders;

	private final LivestreamManagement livestream;

	private final LiveUpdates updates;

	private final OrderingSettings settings;

	private final Clock clock;

	private final Map<UUID, Flux<SessionStatsView>> shared = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> streamsByUser = new ConcurrentHashMap<>();

	SessionStats(Orders orders, LivestreamManagement livestream, LiveUpdates updates, OrderingSettings settings,
			Clock clock) {
		this.orders = orders;
		this.livestream = livestream;
		this.updates = updates;
		this.settings = settings;
		this.clock = clock;
	}

	/** A session's figures now. */
	Mono<SessionStatsView> now(UUID sessionId) {
		Instant now = this.clock.instant();
		return Mono
			.zip(this.orders.sessionTotals(sessionId, now.minusSeconds(60)), this.livestream.publicSession(sessionId))
			.map((found) -> new SessionStatsView(sessionId, found.getT1().orders(), found.getT1().units(),
					found.getT1().gmvFen(), found.getT1().ordersLastMinute(),
					found.getT2()
						.lineup()
						.stream()
						.map((item) -> new SessionStatsView.ItemStats(item.id(), item.skuCode(), item.sold(),
								item.remaining()))
						.toList(),
					now));
	}

	/**
	 * A session's figures as a stream for one user: now, then within a second of every
	 * order placed or changed on any instance, and at least every ten seconds.
	 * @throws TooManyRequests {@code TOO_MANY_STREAMS} past the user's limit
	 */
	Flux<SessionStatsView> stream(UUID sessionId, String username) {
		return Flux.defer(() -> {
			AtomicInteger open = this.streamsByUser.computeIfAbsent(username, (user) -> new AtomicInteger());
			if (open.incrementAndGet() > this.settings.streamsPerUser()) {
				open.decrementAndGet();
				return Flux.error(
						new TooManyRequests("TOO_MANY_STREAMS",
								"at most " + this.settings.streamsPerUser()
										+ " live-stats streams may be open at once for one user",
								Duration.ofSeconds(10)));
			}
			return this.shared.computeIfAbsent(sessionId, this::source).doFinally((signal) -> open.decrementAndGet());
		});
	}

	// one source per session, running while anyone watches; the latest figures replayed
	private Flux<SessionStatsView> source(UUID sessionId) {
		return Flux
			.merge(Flux.just(sessionId), this.updates.of(sessionId).sample(Duration.ofMillis(200)),
					Flux.interval(HEARTBEAT).map((tick) -> sessionId))
			.concatMap(this::now, 1)
			.replay(1)
			.refCount();
	}

}
