package coop.litang.cooplive.ordering;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import coop.litang.cooplive.livestream.BuyerLimitExceeded;
import coop.litang.cooplive.livestream.ClaimedItem;
import coop.litang.cooplive.livestream.QuotaExceeded;
import coop.litang.cooplive.shared.Coalescer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Merges concurrent single-line orders for one live item into one transaction: one
 * guarded update of the item's counter for the whole batch, and one statement each for
 * the batch's keys, buyer claims, orders and lines. Each order still gets its own answer:
 * accepted, refused (over the quota or the buyer's limit), or a duplicate key. One batch
 * per item is in flight on an instance; the orders arriving meanwhile form the next.
 */
@Component
class DropBatcher {

	private static final Logger log = LoggerFactory.getLogger(DropBatcher.class);

	static final int MAX_BATCH = 64;

	private static final Duration BATCH_TIMEOUT = Duration.ofSeconds(5);

	/** An order waiting for its batch. */
	record Request(Orders.Stored order, ClaimedItem item, String key, String hash, Sinks.One<Outcome> result) {
	}

	/** What happened to an order in its batch. */
	sealed interface Outcome permits Accepted, Refused, DuplicateKey {

	}

	record Accepted(Orders.Stored order) implements Outcome {
	}

	record Refused(RuntimeException reason) implements Outcome {
	}

	record DuplicateKey() implements Outcome {
	}

	private final DatabaseClient db;

	private final TransactionalOperator transactions;

	// one order per buyer in a batch, so that its claims never touch one row twice
	private final Coalescer<UUID, Request> batches = new Coalescer<>(MAX_BATCH,
			(request) -> request.order().buyer().phone(), this::runAndAnswer);

	DropBatcher(DatabaseClient db, TransactionalOperator transactions) {
		this.db = db;
		this.transactions = transactions;
	}

	Mono<Outcome> submit(Orders.Stored order, ClaimedItem item, String key, String hash) {
		Sinks.One<Outcome> result = Sinks.one();
		this.batches.submit(item.lineupItemId(), new Request(order, item, key, hash, result));
		return result.asMono();
	}

	// the answers go out once the item's next batch has started
	private Mono<Runnable> runAndAnswer(UUID itemId, List<Request> batch) {
		return run(itemId, batch).onErrorResume((ex) -> {
			log.warn("order batch for item {} failed: {}", itemId, ex.toString());
			RuntimeException failure = (ex instanceof RuntimeException runtime) ? runtime
					: new IllegalStateException(ex);
			return Mono.just(() -> batch.forEach((request) -> request.result().tryEmitError(failure)));
		});
	}

	private Mono<Runnable> run(UUID itemId, List<Request> batch) {
		Instant now = batch.get(0).order().createdAt();
		ClaimedItem item = batch.get(0).item();
		// answers go out only after the commit: an order is accepted when it is stored
		Map<Request, Outcome> outcomes = new IdentityHashMap<>();
		Mono<Void> work = insertKeys(batch, now).flatMap((inserted) -> {
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
			return claimBuyers(itemId, item.perBuyerLimit(), fresh).flatMap((withinLimit) -> {
				List<Request> claimed = new ArrayList<>();
				List<Request> refused = new ArrayList<>();
				for (Request request : fresh) {
					if (withinLimit.contains(request.order().buyer().phone())) {
						claimed.add(request);
					}
					else {
						refused.add(request);
						outcomes.put(request,
								new Refused(new BuyerLimitExceeded(item.skuCode(), item.perBuyerLimit())));
					}
				}
				long wanted = claimed.stream().mapToLong((r) -> r.item().quantity()).sum();
				return claimQuota(itemId, wanted).flatMap((granted) -> {
					List<Request> accepted = new ArrayList<>();
					List<Request> overQuota = new ArrayList<>();
					long left = granted;
					for (Request request : claimed) {
						if (overQuota.isEmpty() && request.item().quantity() <= left) {
							accepted.add(request);
							left -= request.item().quantity();
						}
						else {
							overQuota.add(request);
						}
					}
					List<Request> undoKeys = new ArrayList<>(refused);
					undoKeys.addAll(overQuota);
					return giveBackQuota(itemId, left).then(unclaimBuyers(itemId, overQuota))
						.then(deleteKeys(undoKeys))
						.then(insertOrders(accepted))
						.then(Mono.fromRunnable(() -> {
							overQuota.forEach(
									(request) -> outcomes.put(request, new Refused(new QuotaExceeded(item.skuCode()))));
							// the batch's orders are all made at the batch's time
							accepted.forEach((request) -> outcomes.put(request,
									new Accepted(request.order().madeAt(now, batch.get(0).order().expiresAt()))));
						}));
				});
			});
		});
		// a stalled connection must not hold the item's lane: past the limit the batch is
		// cancelled (rolled back) and its buyers are told to try again
		return this.transactions.transactional(work)
			.timeout(BATCH_TIMEOUT,
					Mono.error(() -> new QueryTimeoutException("order batch not done within " + BATCH_TIMEOUT)))
			.then(Mono.just(() -> answer(batch, outcomes)));
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

	private Mono<Set<String>> insertKeys(List<Request> batch, Instant now) {
		return this.db
			.sql("INSERT INTO order_idempotency (idempotency_key, request_hash, order_id, created_at) "
					+ "SELECT k, h, i, :now FROM unnest(:keys::text[], :hashes::text[], :ids::uuid[]) AS t(k, h, i) "
					+ "ON CONFLICT (idempotency_key) DO NOTHING RETURNING idempotency_key")
			.bind("keys", batch.stream().map(Request::key).toArray(String[]::new))
			.bind("hashes", batch.stream().map(Request::hash).toArray(String[]::new))
			.bind("ids", batch.stream().map((r) -> r.order().id()).toArray(UUID[]::new))
			.bind("now", now)
			.map((row) -> row.get(0, String.class))
			.all()
			.collect(HashSet::new, Set::add);
	}

	private Mono<Set<String>> claimBuyers(UUID itemId, long limit, List<Request> requests) {
		return this.db.sql("INSERT INTO buyer_claim (lineup_item_id, buyer_phone, units, per_buyer_limit) "
				+ "SELECT :item, p, q, :limit FROM unnest(:phones::text[], :qs::bigint[]) AS t(p, q) "
				+ "ON CONFLICT (lineup_item_id, buyer_phone) DO UPDATE SET units = buyer_claim.units + EXCLUDED.units "
				+ "WHERE buyer_claim.units + EXCLUDED.units <= buyer_claim.per_buyer_limit RETURNING buyer_phone")
			.bind("item", itemId)
			.bind("limit", limit)
			.bind("phones", requests.stream().map((r) -> r.order().buyer().phone()).toArray(String[]::new))
			.bind("qs", requests.stream().map((r) -> r.item().quantity()).toArray(Long[]::new))
			.map((row) -> row.get(0, String.class))
			.all()
			.collect(HashSet::new, Set::add);
	}

	/**
	 * Takes up to {@code wanted} units of an open item's quota; answers how many it got.
	 */
	private Mono<Long> claimQuota(UUID itemId, long wanted) {
		if (wanted == 0) {
			return Mono.just(0L);
		}
		return this.db
			.sql("WITH room AS (SELECT id, LEAST(:wanted, quota - sold) AS granted FROM lineup_item "
					+ "WHERE id = :item AND open FOR UPDATE) UPDATE lineup_item SET sold = sold + room.granted "
					+ "FROM room WHERE lineup_item.id = room.id RETURNING room.granted")
			.bind("item", itemId)
			.bind("wanted", wanted)
			.map((row) -> row.get(0, Long.class))
			.first()
			.defaultIfEmpty(0L);
	}

	private Mono<Void> giveBackQuota(UUID itemId, long units) {
		if (units == 0) {
			return Mono.empty();
		}
		return this.db.sql("UPDATE lineup_item SET sold = sold - :units WHERE id = :item")
			.bind("item", itemId)
			.bind("units", units)
			.then();
	}

	private Mono<Void> unclaimBuyers(UUID itemId, List<Request> requests) {
		if (requests.isEmpty()) {
			return Mono.empty();
		}
		return this.db.sql(
				"UPDATE buyer_claim c SET units = c.units - t.q FROM unnest(:phones::text[], :qs::bigint[]) AS t(p, q) "
						+ "WHERE c.lineup_item_id = :item AND c.buyer_phone = t.p")
			.bind("item", itemId)
			.bind("phones", requests.stream().map((r) -> r.order().buyer().phone()).toArray(String[]::new))
			.bind("qs", requests.stream().map((r) -> r.item().quantity()).toArray(Long[]::new))
			.then();
	}

	private Mono<Void> deleteKeys(List<Request> requests) {
		if (requests.isEmpty()) {
			return Mono.empty();
		}
		return this.db.sql("DELETE FROM order_idempotency WHERE idempotency_key = ANY(:keys::text[])")
			.bind("keys", requests.stream().map(Request::key).toArray(String[]::new))
			.then();
	}

	private Mono<Void> insertOrders(List<Request> requests) {
		if (requests.isEmpty()) {
			return Mono.empty();
		}
		Orders.Stored first = requests.get(0).order();
		Mono<Void> orders = this.db
			.sql("INSERT INTO orders (id, channel, session_id, buyer_name, buyer_phone, buyer_address, status, "
					+ "payment_method, total_fen, created_at, expires_at, updated_at) "
					+ "SELECT i, 'SESSION', :session, n, p, a, 'PENDING_PAYMENT', m, t, :now, :expires, :now "
					+ "FROM unnest(:ids::uuid[], :names::text[], :phones::text[], :addresses::text[], :methods::text[], "
					+ ":totals::bigint[]) AS x(i, n, p, a, m, t)")
			.bind("session", first.sessionId())
			.bind("now", first.createdAt())
			.bind("expires", first.expiresAt())
			.bind("ids", requests.stream().map((r) -> r.order().id()).toArray(UUID[]::new))
			.bind("names", requests.stream().map((r) -> r.order().buyer().name()).toArray(String[]::new))
			.bind("phones", requests.stream().map((r) -> r.order().buyer().phone()).toArray(String[]::new))
			.bind("addresses", requests.stream().map((r) -> r.order().buyer().address()).toArray(String[]::new))
			.bind("methods", requests.stream().map((r) -> r.order().paymentMethod().name()).toArray(String[]::new))
			.bind("totals", requests.stream().map((r) -> r.order().totalFen()).toArray(Long[]::new))
			.then();
		Mono<Void> lines = this.db
			.sql("INSERT INTO order_line (order_id, line_no, sku_id, sku_code, lineup_item_id, quantity, "
					+ "unit_price_fen, line_total_fen) SELECT o, 1, :sku, :code, :item, q, :price, q * :price "
					+ "FROM unnest(:ids::uuid[], :qs::bigint[]) AS x(o, q)")
			.bind("sku", first.lines().get(0).skuId())
			.bind("code", first.lines().get(0).skuCode())
			.bind("item", first.lines().get(0).lineupItemId())
			.bind("price", first.lines().get(0).unitPriceFen())
			.bind("ids", requests.stream().map((r) -> r.order().id()).toArray(UUID[]::new))
			.bind("qs", requests.stream().map((r) -> r.item().quantity()).toArray(Long[]::new))
			.then();
		return orders.then(lines);
	}

}
