package coop.litang.cooplive.ordering;

import java.time.Duration;
import java.util.UUID;

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

	private final Sinks.Many<UUID> local = Sinks.many().multicast().directBestEffort();

	private final RedisAccess redis;

	LiveUpdates(RedisAccess redis) {
		this.redis = redis;
	}

	Mono<Void> changed(UUID sessionId) {
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
