package coop.litang.cooplive.ordering;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import coop.litang.cooplive.shared.RedisAccess;
import org.redisson.client.codec.StringCodec;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * "Something changed in this session": published after an order commits, to this instance
 * directly and to every other instance through Redis pub/sub, so each live stats stream
 * can refresh within a second wherever the order was taken.
 */
@Component
class LiveUpdates {

	// changes of one session within this window are announced once, at its end
	private static final Duration COALESCE = Duration.ofMillis(100);

	private final Sinks.Many<UUID> local = Sinks.many().multicast().directBestEffort();

	private final Map<UUID, AtomicBoolean> pending = new ConcurrentHashMap<>();

	private final RedisAccess redis;

	LiveUpdates(RedisAccess redis) {
		this.redis = redis;
	}

	/**
	 * Announces a change of the session: a tenth of a second later, once for all changes
	 * in between, so a drop of thousands of orders a second costs a few messages, not one
	 * per order.
	 */
	Mono<Void> changed(UUID sessionId) {
		return Mono.fromRunnable(() -> {
			AtomicBoolean scheduled = this.pending.computeIfAbsent(sessionId, (id) -> new AtomicBoolean());
			if (scheduled.compareAndSet(false, true)) {
				// cleared before announcing: a change after this point schedules its own
				Mono.delay(COALESCE).then(Mono.defer(() -> {
					scheduled.set(false);
					return announce(sessionId);
				})).subscribe();
			}
		});
	}

	private Mono<Void> announce(UUID sessionId) {
		// a rare emission lost to a concurrent one is made good by the Redis message,
		// which reaches this instance too
		this.local.tryEmitNext(sessionId);
		return this.redis.reactive()
			.flatMap(
					(client) -> client.getTopic(channel(sessionId), StringCodec.INSTANCE).publish(sessionId.toString()))
			.timeout(Duration.ofSeconds(1))
			.then()
			.onErrorResume((ex) -> Mono.empty());
	}

	/** Signals for one session, from this instance and from the others. */
	Flux<UUID> of(UUID sessionId) {
		Flux<UUID> here = this.local.asFlux().filter(sessionId::equals);
		Flux<UUID> elsewhere = this.redis.reactive()
			.flatMapMany((client) -> client.getTopic(channel(sessionId), StringCodec.INSTANCE)
				.getMessages(String.class)
				.map(UUID::fromString))
			.onErrorResume((ex) -> Flux.empty());
		return Flux.merge(here, elsewhere);
	}

	private String channel(UUID sessionId) {
		return this.redis.settings().key("live", sessionId.toString());
	}

}
