package coop.litang.cooplive.shared;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.redisson.api.RLockReactive;
import reactor.core.publisher.Mono;

/**
 * Work done every interval on one instance at a time: the one holding a Redisson lock
 * named after the job. Without Redis every instance runs it, so the work must be safe to
 * run twice at once (guarded updates), only wasteful. A run in progress at shutdown may
 * finish and its lock is released, so another instance takes over at once.
 */
public abstract class LeaderJob extends PeriodicJob {

	private final RedisAccess redis;

	protected LeaderJob(String name, Duration interval, RedisAccess redis) {
		super(name, interval, interval);
		this.redis = redis;
	}

	/** One run of the work, on the leading instance. */
	protected abstract Mono<?> runOnce();

	@Override
	protected Mono<?> tick() {
		return leadAndRun();
	}

	/** Whether this instance leads: the work it did (true), or another did it (false). */
	public Mono<Boolean> leadAndRun() {
		long lockId = ThreadLocalRandom.current().nextLong();
		return this.redis.reactive().flatMap((client) -> {
			RLockReactive lock = client.getLock(this.redis.settings().key("lock", name()));
			// the lease outlives a slow run; a crashed leader's lock lapses with it
			return lock.tryLock(0, interval().multipliedBy(6).toMillis(), TimeUnit.MILLISECONDS, lockId)
				.map((leader) -> new Held(leader ? lock : null, leader));
		})
			.onErrorResume((ex) -> Mono.just(new Held(null, true)))
			.flatMap(
					(held) -> held.leader()
							? Mono.usingWhen(Mono.just(held), (h) -> runOnce().then(Mono.just(true)),
									(h) -> release(h, lockId), (h, ex) -> release(h, lockId), (h) -> release(h, lockId))
							: Mono.just(false));
	}

	private record Held(RLockReactive lock, boolean leader) {
	}

	private static Mono<Void> release(Held held, long lockId) {
		return (held.lock() == null) ? Mono.empty() : held.lock().unlock(lockId).onErrorResume((ex) -> Mono.empty());
	}

}
