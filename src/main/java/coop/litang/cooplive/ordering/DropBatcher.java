package coop.litang.cooplive.ordering;

import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import coop.litang.cooplive.livestream.BuyerLimitExceeded;
import coop.litang.cooplive.livestream.BuyerUnits;
import coop.litang.cooplive.livestream.ClaimedItem;
import coop.litang.cooplive.livestream.LivestreamManagement;
import coop.litang.cooplive.livestream.QuotaExceeded;
import coop.litang.cooplive.shared.Coalescer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Merges concurrent single-line orders for one live item into one transaction: the
 * batch's keys in one statement, the buyers' units and the item's counter taken by the
 * livestream module in one call (one guarded update of the counter for the whole batch),
 * and the accepted orders inserted together. Each order still gets its own answer:
 * accepted, refused (over the quota or the buyer's limit), or a duplicate key. One batch
 * per item is in flight on an instance; the orders arriving meanwhile form the next.
 */
@Component
class DropBatcher {

	private static final Logger log = LoggerFactory.getLogger(DropBatcher.class);

	static final int MAX_BATCH = 64;

	private static final Duration BATCH_TIMEOUT = Duration.ofSeconds(5);

	/** An order waiting for its batch. */
	record Request(Order order, ClaimedItem item, String key, String hash, Sinks.One<Outcome> result) {
	}

	/** What happened to an order in its batch. */
	sealed interface Outcome permits Accepted, Refused, DuplicateKey {

	}

	record Accepted(Order order) implements Outcome {
	}

	record Refused(RuntimeException reason) implements Outcome {
	}

	record DuplicateKey() implements Outcome {
	}

	private final Orders orders;

	private final LivestreamManagement livestream;

	private final TransactionalOperator transactions;

	private final HoldCaps caps;

	// one order per buyer in a batch, so that its claims never touch one row twice
	private final Coalescer<UUID, Request> batches = new Coalescer<>(MAX_BATCH,
			(request) -> request.order().buyer().phone(), this::runAndAnswer);

	DropBatcher(Orders orders, LivestreamManagement livestream, TransactionalOperator transactions, HoldCaps caps) {
		this.orders = orders;
		this.caps = caps;
		this.livestream = livestream;
		this.transactions = transactions;
	}

	Mono<Outcome> submit(Order order, ClaimedItem item, String key, String hash) {
		Sinks.One<Outcome> result = Sinks.one();
		this.batches.submit(item.lineupItemId(), new Request(order, item, key, hash, result));
		return result.asMono();
	}

	// the answers go out once the item's next batch has started
	private Mono<Runnable> runAndAnswer(UUID itemId, List<Request> batch) {
		return run(batch).onErrorResume((ex) -> {
			log.warn("order batch for item {} failed: {}", itemId, ex.toString());
			RuntimeException failure = (ex instanceof RuntimeException runtime) ? runtime
					: new IllegalStateException(ex);
			return Mono.just(() -> batch.forEach((request) -> request.result().tryEmitError(failure)));
		});
	}

	private Mono<Runnable> run(List<Request> batch) {
		ClaimedItem item = batch.get(0).item();
		// answers go out only after the commit: an order is accepted when it is stored
		Map<Request, Outcome> outcomes = new IdentityHashMap<>();
		List<Orders.Key> keys = batch.stream()
			.map((request) -> new Orders.Key(request.key(), request.hash(), request.order().id()))
			.toList();
		Mono<Void> work = this.orders.insertNewKeys(keys, batch.get(0).order().createdAt()).flatMap((inserted) -> {
			List<Request> fresh = new ArrayList<>();
			for (Request request : batch) {
				if (inserted.contains(request.key())) {
					fresh.add(request);
				}
				else {
					outcomes.put(request, new DuplicateKey());
				}
			}
			if (fresh.isEmpty()) {
				return Mono.empty();
			}
			return this.orders
				.takeUnpaid(fresh.stream().map((request) -> request.order().buyer().phone()).toList(),
						this.caps.unpaidOrdersPerBuyer())
				.flatMap((under) -> claim(item, fresh, under, outcomes));
		});
		// a stalled connection must not hold the item's lane: past the limit the batch is
		// no longer waited for and its buyers are told to try again; its transaction runs
		// to its end (never cut half-way), and their retries find what it stored
		return this.transactions.transactional(work)
			.timeout(BATCH_TIMEOUT,
					Mono.error(() -> new QueryTimeoutException("order batch not done within " + BATCH_TIMEOUT)))
			.then(Mono.just(() -> answer(batch, outcomes)));
	}

	// the buyers under their cap of unpaid orders claim their units together; a buyer
	// refused no longer counts the order
	private Mono<Void> claim(ClaimedItem item, List<Request> fresh, Set<String> underCap,
			Map<Request, Outcome> outcomes) {
		List<String> undoKeys = new ArrayList<>();
		List<Request> claiming = new ArrayList<>();
		for (Request request : fresh) {
			if (underCap.contains(request.order().buyer().phone())) {
				claiming.add(request);
			}
			else {
				undoKeys.add(request.key());
				outcomes.put(request, new Refused(OrderPlacement.tooManyUnpaid(this.caps)));
			}
		}
		if (claiming.isEmpty()) {
			return this.orders.deleteKeys(undoKeys);
		}
		List<BuyerUnits> wishes = claiming.stream()
			.map((request) -> new BuyerUnits(request.order().buyer().phone(), request.item().quantity()))
			.toList();
		return this.livestream.claimBatch(item, wishes).flatMap((claims) -> {
			List<Order> accepted = new ArrayList<>();
			List<String> uncounted = new ArrayList<>();
			for (int i = 0; i < claiming.size(); i++) {
				Request request = claiming.get(i);
				RuntimeException refusal = switch (claims.get(i)) {
					case TAKEN -> null;
					case OVER_LIMIT -> new BuyerLimitExceeded(item.skuCode(), item.perBuyerLimit());
					case OVER_QUOTA -> new QuotaExceeded(item.skuCode());
				};
				if (refusal == null) {
					accepted.add(request.order());
					outcomes.put(request, new Accepted(request.order()));
				}
				else {
					undoKeys.add(request.key());
					uncounted.add(request.order().buyer().phone());
					outcomes.put(request, new Refused(refusal));
				}
			}
			return this.orders.deleteKeys(undoKeys)
				.then(this.orders.releaseUnpaid(uncounted))
				.then(this.orders.insertAll(accepted));
		});
	}

	private static void answer(List<Request> batch, Map<Request, Outcome> outcomes) {
		for (Request request : batch) {
			Outcome outcome = outcomes.get(request);
			if (outcome != null) {
				request.result().tryEmitValue(outcome);
			}
			else {
				request.result()
					.tryEmitError(new IllegalStateException("an order of the batch was left without an answer"));
			}
		}
	}

}
