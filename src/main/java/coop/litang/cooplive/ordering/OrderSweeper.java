package coop.litang.cooplive.ordering;

import java.util.concurrent.atomic.AtomicLong;

import coop.litang.cooplive.livestream.LivestreamManagement;
import coop.litang.cooplive.shared.LeaderJob;
import coop.litang.cooplive.shared.RedisAccess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Every sweep interval, expires unpaid orders whose hold ran out and releases their
 * stock, one order per transaction, so a crash mid-sweep leaves each order either done or
 * untouched. With several instances, the one holding the Redis lock sweeps; the guarded
 * status change makes a second sweeper harmless anyway, so without Redis every instance
 * sweeps. The leader also corrects what is left of each live item's quota in the Redis
 * gate every sixth sweep (about a minute), and reloads the gate whole, buyers' counts
 * too, every sixtieth (about ten minutes): a lost give-back cannot leave units unsold for
 * long.
 */
@Component
class OrderSweeper extends LeaderJob {

	private static final Logger log = LoggerFactory.getLogger(OrderSweeper.class);

	private static final int BATCH = 200;

	private static final int MAX_BATCHES_PER_SWEEP = 50;

	private static final int GATE_CORRECTION_EVERY_SWEEPS = 6;

	private static final int GATE_REBUILD_EVERY_SWEEPS = 60;

	private final AtomicLong sweeps = new AtomicLong();

	private final OrderManagement orders;

	private final LivestreamManagement livestream;

	OrderSweeper(OrderManagement orders, LivestreamManagement livestream, RedisAccess redis,
			OrderingSettings settings) {
		super("order-sweeper", settings.sweepInterval(), redis);
		this.orders = orders;
		this.livestream = livestream;
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

	@Override
	protected Mono<?> runOnce() {
		long sweep = this.sweeps.getAndIncrement();
		Mono<Void> gate = (sweep % GATE_REBUILD_EVERY_SWEEPS == 0) ? this.livestream.rebuildGate()
				: (sweep % GATE_CORRECTION_EVERY_SWEEPS == 0) ? this.livestream.correctGate() : Mono.empty();
		return sweepOnce().then(gate);
	}

}
