package coop.litang.cooplive.shared;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without Redis the limits let requests through and count them; switched off they do
 * nothing at all.
 */
class RateLimitsTests {

	private static final RateLimitSettings SETTINGS = new RateLimitSettings(true,
			new RateLimitSettings.PerAddress(1, 1, Duration.ofHours(1)),
			new RateLimitSettings.PerBuyer(1, 1, Duration.ofHours(1)));

	// a Redis never reached: the service started while it was away
	private static RedisAccess neverConnected() {
		return new RedisAccess(new RedisSettings("redis://127.0.0.1:1", null, "test:", Duration.ofMillis(100),
				Duration.ofMillis(100), Duration.ofSeconds(5)));
	}

	@Test
	void withoutRedisRequestsPassAndAreCountedUnchecked() {
		MeterRegistry meters = new SimpleMeterRegistry();
		RateLimits limits = new RateLimits(neverConnected(), SETTINGS, meters);
		for (int i = 0; i < 5; i++) {
			StepVerifier.create(limits.take(limits.perAddress(), "203.0.113.1")).verifyComplete();
			StepVerifier.create(limits.takeForBuyer(PhoneNumber.parse("13912345678"))).verifyComplete();
		}
		assertThat(meters.get("cooplive.rate_limit.unchecked").tag("limit", "per-address").counter().count())
			.isEqualTo(5);
		assertThat(meters.get("cooplive.rate_limit.unchecked").tag("limit", "per-buyer").counter().count())
			.isEqualTo(5);
		assertThat(meters.get("cooplive.rate_limit.refused").tag("limit", "per-address").counter().count()).isZero();
	}

	@Test
	void switchedOffTheyCheckAndCountNothing() {
		MeterRegistry meters = new SimpleMeterRegistry();
		RateLimits limits = new RateLimits(neverConnected(),
				new RateLimitSettings(false, SETTINGS.perAddress(), SETTINGS.perBuyer()), meters);
		assertThat(limits.enabled()).isFalse();
		StepVerifier.create(limits.take(limits.perAddress(), "203.0.113.1")).verifyComplete();
		assertThat(meters.get("cooplive.rate_limit.unchecked").tag("limit", "per-address").counter().count()).isZero();
	}

}
