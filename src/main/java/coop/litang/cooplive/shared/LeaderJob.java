package coop.litang.cooplive.shared;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.redisson.api.RLockReactive;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Work done every interval on one instance at a time: the one holding a Redisson lock
 * named after the job. Without Redis every instance runs it, so the work must be safe to
 * run twice at once (guarded updates), only wasteful. One run at a time per instance; on
 * shutdown no new run starts, the current one may finish (up to ten seconds) and the lock
 * is released.
 */
public abstract class LeaderJob implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(LeaderJob.class);

	private static final Duration STOP_WAIT = Duration.ofSeconds(10);

	private final String name;

	private final Duration interval;

	private final RedisAccess redis;

	private final AtomicBoolean busy = new AtomicBoolean();

	private volatile boolean stopping;

	private volatile Disposable running;

	protected LeaderJob(String name, Duration interval, RedisAccess redis) {
		this.name = name;
		this.interval = interval;
		this.redis = redis;
	}

	/** One run of the work. */
	protected abstract Mono<?> runOnce();

	/** Whether this instance leads: the work it did (true), or another did it (false). */
	public Mono<Boolean> leadAndRun() {
		long lockId = ThreadLocalRandom.current().nextLong();
		return this.redis.reactive().flatMap((client) -> {
			RLockReactive lock = client.getLock(this.redis.settings().key("lock", this.name));
			// the lease outlives a slow run; a crashed leader's lock lapses with it
			return lock.tryLock(0, this.interval.multipliedBy(6).toMillis(), TimeUnit.MILLISECONDS, lockId)
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

	@Override
	public void start() {
		this.stopping = false;
		this.running = Flux.interval(this.interval)
			.onBackpressureDrop()
			.filter((tick) -> !this.stopping)
			.concatMap((tick) -> Mono.defer(() -> {
				this.busy.set(true);
				// checked again once busy: stop() either sees this run or it sees none
				return this.stopping ? Mono.empty() : leadAndRun();
			}).onErrorResume((ex) -> {
				log.warn("{} failed: {}", this.name, ex.toString());
				return Mono.empty();
			}).doFinally((signal) -> this.busy.set(false)), 1)
			.subscribe();
	}

	@Override
	public void stop() {
		this.stopping = true;
		long deadline = System.nanoTime() + STOP_WAIT.toNanos();
		while (this.busy.get() && System.nanoTime() < deadline) {
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		Disposable current = this.running;
		if (current != null) {
			current.dispose();
		}
		this.running = null;
	}

	@Override
	public boolean isRunning() {
		return this.running != null;
	}

}
