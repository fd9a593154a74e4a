package coop.litang.cooplive.ordering;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import coop.litang.cooplive.livestream.LivestreamManagement;
import coop.litang.cooplive.shared.RedisAccess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Every sweep interval, expires unpaid orders whose hold ran out and releases their
 * stock, one order per transaction, so a crash mid-sweep leaves each order either done or
 * untouched. With several instances, the one holding the Redis lock sweeps; the guarded
 * status change makes a second sweeper harmless anyway, so without Redis every instance
 * sweeps. The leader also reloads the live items' Redis gate from PostgreSQL every sixth
 * sweep.
 */
@Component
class OrderSweeper implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(OrderSweeper.class);

	private static final int BATCH = 200;

	private static final int MAX_BATCHES_PER_SWEEP = 50;

	private static final int GATE_REBUILD_EVERY_SWEEPS = 6;

	private final AtomicLong sweeps = new AtomicLong();

	private final OrderManagement orders;

	private final LivestreamManagement livestream;

	private final RedisAccess redis;

	private final OrderingSettings settings;

	private volatile Disposable running;

	OrderSweeper(OrderManagement orders, LivestreamManagement livestream, RedisAccess redis,
			OrderingSettings settings) {
		this.orders = orders;
		this.livestream = livestream;
		this.redis = redis;
		this.settings = settings;
	}

	/** One sweep: the number of orders it expired. */
	Mono<Long> sweepOnce() {
		return sweepFrom(1, 0);
	}

	// batch after batch until no expired hold is left, with a bound per sweep
	private Mono<Long> sweepFrom(int batch, long expiredSoFar) {
		return sweepBatch().flatMap((done) -> (done.seen() == BATCH && batch < MAX_BATCHES_PER_SWEEP)
				? sweepFrom(batch + 1, expiredSoFar + done.expired()) : Mono.just(expiredSoFar + done.expired()));
	}

	private record Batch(long seen, long expired) {
	}

	private Mono<Batch> sweepBatch() {
		return this.orders.expiredOrders(BATCH).concatMap((id) -> this.orders.expire(id).onErrorResume((ex) -> {
			log.warn("could not expire order {}: {}", id, ex.toString());
			return Mono.just(false);
		}))
			.collectList()
			.map((results) -> new Batch(results.size(), results.stream().filter((expired) -> expired).count()));
	}

	private Mono<Void> leadAndSweep() {
		long lockId = ThreadLocalRandom.current().nextLong();
		return this.redis.reactive().flatMap((client) -> {
			var lock = client.getLock(this.redis.settings().key("lock", "order-sweeper"));
			return lock.tryLock(0, this.settings.sweepInterval().toMillis() * 6, TimeUnit.MILLISECONDS, lockId)
				.flatMap((leader) -> leader
						? sweepOnce().then(rebuildGateNow() ? this.livestream.rebuildGate() : Mono.empty())
							.then(lock.unlock(lockId))
							.onErrorResume((ex) -> lock.unlock(lockId).onErrorResume((e) -> Mono.empty()))
						: Mono.empty());
		}).onErrorResume((ex) -> sweepOnce().then()).then();
	}

	// a full reload reads every buyer's claim: once a minute or so is enough to correct
	// drift
	private boolean rebuildGateNow() {
		return this.sweeps.getAndIncrement() % GATE_REBUILD_EVERY_SWEEPS == 0;
	}

	@Override
	public void start() {
		this.running = Flux.interval(this.settings.sweepInterval())
			.onBackpressureDrop()
			.concatMap((tick) -> leadAndSweep().onErrorResume((ex) -> {
				log.warn("order sweep failed: {}", ex.toString());
				return Mono.empty();
			}), 1)
			.subscribe();
	}

	@Override
	public void stop() {
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
