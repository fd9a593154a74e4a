package coop.litang.cooplive.ordering;

import java.time.Duration;

import coop.litang.cooplive.shared.RedisAccess;
import org.redisson.client.codec.StringCodec;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Which idempotency keys were used, remembered in Redis so that a fresh order in a drop
 * does not need to ask PostgreSQL first. PostgreSQL's unique key stays the truth: a key
 * remembered here is looked up there, and one missing here is still caught there.
 */
@Component
class IdempotencyCache {

	/** Whether a key was seen: yes, no, or Redis could not say. */
	enum Seen {

		YES, NO, UNKNOWN

	}

	private static final Duration KEEP = Duration.ofHours(24);

	private final RedisAccess redis;

	IdempotencyCache(RedisAccess redis) {
		this.redis = redis;
	}

	Mono<Seen> seen(String key) {
		return this.redis.reactive()
			.flatMap((client) -> client.getBucket(name(key), StringCodec.INSTANCE).isExists())
			.map((exists) -> exists ? Seen.YES : Seen.NO)
			.timeout(timeout())
			.onErrorReturn(Seen.UNKNOWN);
	}

	Mono<Void> remember(String key) {
		return this.redis.reactive()
			.flatMap((client) -> client.getBucket(name(key), StringCodec.INSTANCE).set("1", KEEP))
			.timeout(timeout())
			.onErrorResume((ex) -> Mono.empty());
	}

	Mono<Void> forget(String key) {
		return this.redis.reactive()
			.flatMap((client) -> client.getBucket(name(key), StringCodec.INSTANCE).delete())
			.timeout(timeout())
			.then()
			.onErrorResume((ex) -> Mono.empty());
	}

	private String name(String key) {
		return this.redis.settings().key("idem", key);
	}

	private Duration timeout() {
		return this.redis.settings().timeout().plusMillis(200);
	}

}
