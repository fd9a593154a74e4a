package coop.litang.cooplive.shared;

import java.time.Duration;

import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Redis in the health and readiness reports, as {@code redis}.
 */
@Component("redisHealthIndicator")
class RedisHealthIndicator extends AbstractReactiveHealthIndicator {

	private final RedisAccess redis;

	RedisHealthIndicator(RedisAccess redis) {
		super("Redis health check failed");
		this.redis = redis;
	}

	@Override
	protected Mono<Health> doHealthCheck(Health.Builder builder) {
		String address = this.redis.settings().address();
		return this.redis.reactive()
			.flatMap((client) -> client.getBucket(this.redis.settings().key("health")).isExists())
			.timeout(Duration.ofSeconds(2))
			.map((exists) -> builder.up().withDetail("address", address).build());
	}

}
