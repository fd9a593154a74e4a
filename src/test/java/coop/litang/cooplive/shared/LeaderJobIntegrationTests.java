package coop.litang.cooplive.shared;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import coop.litang.cooplive.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Periodic work on one instance at a time, and a clean stop: the run in progress ends and
 * its lock is released, so another instance takes over at once rather than after the
 * lease.
 */
@IntegrationTest
class LeaderJobIntegrationTests {

	@Autowired
	RedisAccess redis;

	static final class SlowJob extends LeaderJob {

		final AtomicInteger started = new AtomicInteger();

		final AtomicInteger finished = new AtomicInteger();

		SlowJob(String name, RedisAccess redis) {
			super(name, Duration.ofMillis(100), redis);
		}

		@Override
		protected Mono<?> runOnce() {
			return Mono.fromRunnable(this.started::incrementAndGet)
				.then(Mono.delay(Duration.ofMillis(800)))
				.doOnSuccess((done) -> this.finished.incrementAndGet());
		}

	}

	private boolean locked(String name) {
		return this.redis.reactive()
			.flatMap((client) -> client.getLock(this.redis.settings().key("lock", name)).isLocked())
			.block(Duration.ofSeconds(5));
	}

	@Test
	void oneInstanceRunsAtATimeAndStoppingReleasesTheLock() {
		String name = "test-job-" + System.nanoTime();
		SlowJob first = new SlowJob(name, this.redis);
		SlowJob second = new SlowJob(name, this.redis);
		first.start();
		await().atMost(Duration.ofSeconds(5)).until(() -> first.started.get() == 1);
		assertThat(locked(name)).isTrue();
		// the other instance finds the lock taken and does nothing
		assertThat(second.leadAndRun().block(Duration.ofSeconds(5))).isFalse();
		assertThat(second.started).hasValue(0);

		first.stop();

		assertThat(first.finished.get()).isEqualTo(first.started.get());
		assertThat(locked(name)).isFalse();
		assertThat(second.leadAndRun().block(Duration.ofSeconds(5))).isTrue();
		assertThat(second.finished).hasValue(1);
		assertThat(first.isRunning()).isFalse();
	}

}
