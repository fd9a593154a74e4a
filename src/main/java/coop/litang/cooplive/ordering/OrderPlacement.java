package coop.litang.cooplive.ordering;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import coop.litang.cooplive.catalog.CatalogManagement;
import coop.litang.cooplive.inventory.InventoryManagement;
import coop.litang.cooplive.livestream.ClaimedItem;
import coop.litang.cooplive.livestream.GatePass;
import coop.litang.cooplive.livestream.LivestreamManagement;
import coop.litang.cooplive.livestream.QuotaExceeded;
import coop.litang.cooplive.ordering.OrderManagement.Placed;
import coop.litang.cooplive.shared.Conflict;
import coop.litang.cooplive.shared.Idempotency;
import coop.litang.cooplive.shared.InvalidInput;
import coop.litang.cooplive.shared.NotFound;
import coop.litang.cooplive.shared.PhoneNumber;
import coop.litang.cooplive.shared.Refusal;
import coop.litang.cooplive.shared.Unprocessable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Placing orders exactly once per idempotency key: the request's lines resolved to SKUs
 * or live items, the Redis gate in a drop, then one transaction that stores the key, the
 * {@link Order} and its holds (a drop's single-line orders through the item's
 * {@link DropBatcher}). A retry with the key is answered with the order it made.
 */
@Component
class OrderPlacement {

	private static final String ACTOR_BUYER = "buyer";

	private final Orders orders;

	private final AccessTokens tokens;

	private final CatalogManagement catalog;

	private final InventoryManagement inventory;

	private final LivestreamManagement livestream;

	private final TransactionalOperator transactions;

	private final OrderingSettings settings;

	private final OrderMetrics metrics;

	private final LiveUpdates updates;

	private final DropBatcher batcher;

	private final UsedKeys usedKeys;

	private final Clock clock;

	// the attempts in flight on this instance, by idempotency key: each ends when its
	// attempt does
	private final Map<String, Mono<Void>> inFlight = new ConcurrentHashMap<>();

	OrderPlacement(Orders orders, AccessTokens tokens, CatalogManagement catalog, InventoryManagement inventory,
			LivestreamManagement livestream, TransactionalOperator transactions, OrderingSettings settings,
			OrderMetrics metrics, LiveUpdates updates, DropBatcher batcher, UsedKeys usedKeys, Clock clock) {
		this.orders = orders;
		this.tokens = tokens;
		this.catalog = catalog;
		this.inventory = inventory;
		this.livestream = livestream;
		this.transactions = transactions;
		this.settings = settings;
		this.metrics = metrics;
		this.updates = updates;
		this.batcher = batcher;
		this.usedKeys = usedKeys;
		this.clock = clock;
	}

	// a requested line, merged by SKU
	private record Line(String sku, long quantity, String field) {
	}

	// what a request asks for, checked and merged
	private record Request(String key, RequestHash hash, OrderChannel channel, UUID sessionId, UUID hostMemberId,
			Buyer buyer, List<Line> lines, PaymentMethod method, String paymentNote) {
	}

	Mono<Placed> place(PlaceOrder command, UUID sessionId, UUID hostMemberId, String idempotencyKey) {
		OrderChannel channel = (sessionId != null) ? OrderChannel.SESSION : OrderChannel.STOREFRONT;
		long started = System.nanoTime();
		return Mono.defer(() -> {
			String key = Idempotency.requireKey(idempotencyKey, "order attempt");
			PhoneNumber phone = phone(command.buyer().phone());
			List<Line> lines = merge(command.lines());
			PaymentMethod method = (command.paymentMethod() != null) ? command.paymentMethod() : PaymentMethod.CARD;
			Buyer buyer = new Buyer(command.buyer().name().strip(), phone.value(), command.buyer().address().strip());
			// computed when needed: an order the gate refuses never needs it
			RequestHash hash = new RequestHash(
					() -> hash(channel, sessionId, hostMemberId, buyer, lines, method, command.paymentNote()));
			Request request = new Request(key, hash, channel, sessionId, hostMemberId, buyer, lines, method,
					command.paymentNote());
			return oneAtATime(key, () -> {
				// in a drop the Redis gate knows whether the key was used; elsewhere
				// PostgreSQL is asked
				Mono<Placed> prior = (sessionId != null) ? Mono.empty() : replay(key, hash);
				return prior.switchIfEmpty(Mono.defer(() -> fresh(request, true)));
			});
		}).doOnSuccess((placed) -> {
			this.metrics.placed(channel, placed.created() ? "accepted" : "replayed", elapsed(started));
			if (placed.created() && sessionId != null) {
				this.metrics.gmv(sessionId, placed.order().totalFen());
				this.updates.changed(sessionId).subscribe();
			}
		}).doOnError((ex) -> this.metrics.placed(channel, outcome(ex), elapsed(started)));
	}

	// attempts with one key on this instance go one after the other: a retry sent while
	// its first attempt is still in flight waits for it, then finds its order (or is
	// decided afresh if it failed), instead of racing it for the same units
	private Mono<Placed> oneAtATime(String key, Supplier<Mono<Placed>> attempt) {
		Sinks.Empty<Void> ended = Sinks.empty();
		Mono<Void> mine = ended.asMono();
		Mono<Void> earlier = this.inFlight.putIfAbsent(key, mine);
		if (earlier != null) {
			return earlier.onErrorResume((ex) -> Mono.empty()).then(Mono.defer(() -> oneAtATime(key, attempt)));
		}
		return Mono.defer(attempt).doFinally((signal) -> {
			this.inFlight.remove(key, mine);
			ended.tryEmitEmpty();
		});
	}

	private Mono<Placed> fresh(Request request, boolean viaGate) {
		OrderId orderId = OrderId.random();
		String gateMark = viaGate ? request.key() : null;
		String phone = request.buyer().phone();
		return Flux.fromIterable(request.lines())
			.concatMap((line) -> resolve(line, request.sessionId()))
			.collectList()
			.flatMap((items) -> (viaGate ? passGate(items, phone, gateMark) : Mono.just(new Gate(List.of(), false)))
				.flatMap((gate) -> {
					if (gate.markedBefore()) {
						// a retry: of a placed order (PostgreSQL has the key), or of one
						// still in flight, whose key this attempt then waits for in
						// PostgreSQL, past the gate
						return replay(request.key(), request.hash())
							.switchIfEmpty(Mono.defer(() -> fresh(request, false)));
					}
					Order order = newOrder(orderId, request, items);
					if (viaGate && request.hostMemberId() == null && items.size() == 1
							&& items.get(0).lineupItemId() != null) {
						// a buyer's order in a drop joins the item's next batch
						return this.batcher.submit(order, items.get(0), request.key(), request.hash().value())
							.flatMap((outcome) -> batched(outcome, gate, request))
							.onErrorResume((ex) -> giveBackAfter(ex, gate.taken(), phone, gateMark));
					}
					// every read is done: the transaction only writes, and takes the hot
					// rows last
					Mono<Order> write = this.orders
						.insertKey(request.key(), request.hash().value(), orderId, order.createdAt())
						.then(this.orders.insertAll(List.of(order)))
						.thenMany(Flux.fromIterable(items))
						.concatMap((item) -> hold(item, orderId, phone))
						.then(Mono.just(order));
					return this.transactions.transactional(write)
						.map((placed) -> created(placed))
						.onErrorResume((ex) -> giveBackAfter(ex, gate.taken(), phone, gateMark));
				}))
			.onErrorResume(DataIntegrityViolationException.class,
					(ex) -> String.valueOf(ex.getMessage()).contains("order_idempotency")
							? replay(request.key(), request.hash()) : Mono.error(ex));
	}

	private Placed created(Order order) {
		return new Placed(order.view().withAccessToken(this.tokens.tokenFor(order.id().value())), true);
	}

	private Mono<Placed> batched(DropBatcher.Outcome outcome, Gate gate, Request request) {
		if (outcome instanceof DropBatcher.Accepted accepted) {
			return Mono.just(created(accepted.order()));
		}
		if (outcome instanceof DropBatcher.Refused refused) {
			return Mono.error(refused.reason());
		}
		// another attempt with the key won: answer as it did
		return giveBack(gate.taken(), request.buyer().phone(), null).then(replay(request.key(), request.hash()));
	}

	// the order an earlier request with the key made, when there is one
	private Mono<Placed> replay(String key, RequestHash hash) {
		return this.orders.findKey(key).flatMap((existing) -> {
			if (!existing.requestHash().equals(hash.value())) {
				return Mono.error(new Unprocessable("IDEMPOTENCY_KEY_REUSED",
						"this Idempotency-Key was used for a different order"));
			}
			return this.orders.find(existing.orderId())
				.map((order) -> new Placed(order.view().withAccessToken(this.tokens.tokenFor(order.id().value())),
						false));
		});
	}

	private Order newOrder(OrderId orderId, Request request, List<ClaimedItem> items) {
		List<OrderLine> lines = new ArrayList<>(items.size());
		for (ClaimedItem item : items) {
			lines.add(new OrderLine(lines.size() + 1, item.skuId(), item.skuCode(), item.lineupItemId(),
					item.quantity(), item.unitPriceFen()));
		}
		Duration hold = (request.method() == PaymentMethod.CASH_ON_DELIVERY) ? this.settings.cashOnDeliveryHold()
				: this.settings.holdDuration();
		return Order.place(orderId, request.channel(), request.sessionId(), request.hostMemberId(), request.buyer(),
				lines, request.method(), request.paymentNote(), this.clock.instant(), hold);
	}

	private Mono<ClaimedItem> resolve(Line line, UUID sessionId) {
		if (sessionId != null) {
			return this.livestream.liveItem(sessionId, line.sku(), line.quantity(), line.field());
		}
		return this.catalog.skuByCode(line.sku())
			.onErrorMap(NotFound.class, (ex) -> new InvalidInput(line.field(), "no such SKU"))
			.flatMap((sku) -> sku.active()
					? Mono.just(new ClaimedItem(null, sku.id(), sku.code(), sku.listPriceFen(), line.quantity(), 0))
					: Mono.error(new InvalidInput(line.field(), "the SKU is not on sale")));
	}

	private record Gate(List<ClaimedItem> taken, boolean markedBefore) {
	}

	// the gate answers sold-out and over-limit buyers from Redis; what it took is given
	// back on failure. Only the first live item carries the order's mark.
	private Mono<Gate> passGate(List<ClaimedItem> items, String phone, String mark) {
		List<ClaimedItem> live = items.stream().filter((item) -> item.lineupItemId() != null).toList();
		List<ClaimedItem> taken = new ArrayList<>();
		return Flux.range(0, live.size())
			.concatMap((i) -> this.livestream.passGate(live.get(i), phone, (i == 0) ? mark : null).doOnNext((pass) -> {
				if (pass == GatePass.TAKEN) {
					taken.add(live.get(i));
				}
			}))
			.takeUntil((pass) -> pass == GatePass.MARKED_BEFORE)
			.any((pass) -> pass == GatePass.MARKED_BEFORE)
			.map((markedBefore) -> new Gate(List.copyOf(taken), markedBefore))
			.onErrorResume((ex) -> giveBack(taken, phone, mark).then(Mono.error(ex)))
			// Redis may not know the key (lost, or never told): refused only when
			// PostgreSQL says no order holds it; else it is a retry, answered past the
			// gate
			.onErrorResume(QuotaExceeded.class,
					(ex) -> (mark == null) ? Mono.error(ex) : this.usedKeys.used(live.get(0).skuCode(), mark)
						.flatMap((used) -> used ? Mono.just(new Gate(List.of(), true)) : Mono.error(ex)));
	}

	// the units go back to the gate; the mark only when the order was refused for sure: a
	// failure that may hide a commit (a connection cut at the commit, a timeout) leaves
	// it,
	// so that a retry asks PostgreSQL instead of being refused by the gate while its
	// order may exist or still be in flight
	private <T> Mono<T> giveBackAfter(Throwable ex, List<ClaimedItem> taken, String phone, String mark) {
		return giveBack(taken, phone, (ex instanceof Refusal) ? mark : null).then(Mono.error(ex));
	}

	private Mono<Void> giveBack(List<ClaimedItem> taken, String phone, String mark) {
		return Flux.range(0, taken.size())
			.concatMap((i) -> this.livestream.giveBackToGate(taken.get(i), phone, (i == 0) ? mark : null))
			.then();
	}

	private Mono<Void> hold(ClaimedItem item, OrderId orderId, String phone) {
		if (item.lineupItemId() != null) {
			return this.livestream.claim(item, phone);
		}
		return this.inventory.reserve(item.skuId(), item.skuCode(), item.quantity(), OrderManagement.reference(orderId),
				ACTOR_BUYER);
	}

	// helpers

	private static PhoneNumber phone(String text) {
		try {
			return PhoneNumber.parse(text);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidInput("buyer.phone", ex.getMessage());
		}
	}

	// lines of the same SKU count together against stock, quota and limits
	private static List<Line> merge(List<OrderLineRequest> requested) {
		Map<String, Line> merged = new LinkedHashMap<>();
		for (int i = 0; i < requested.size(); i++) {
			OrderLineRequest line = requested.get(i);
			String sku = line.sku().strip();
			String field = "lines[" + i + "].sku";
			merged.merge(sku, new Line(sku, line.quantity(), field),
					(a, b) -> new Line(a.sku(), Math.addExact(a.quantity(), b.quantity()), a.field()));
		}
		return List.copyOf(merged.values());
	}

	// a request's hash, computed once on first use
	private static final class RequestHash {

		private final Supplier<String> compute;

		private String value;

		RequestHash(Supplier<String> compute) {
			this.compute = compute;
		}

		String value() {
			if (this.value == null) {
				this.value = this.compute.get();
			}
			return this.value;
		}

	}

	private static String hash(OrderChannel channel, UUID sessionId, UUID hostMemberId, Buyer buyer, List<Line> lines,
			PaymentMethod method, String paymentNote) {
		StringBuilder canonical = new StringBuilder().append(channel)
			.append('|')
			.append(sessionId)
			.append('|')
			.append(hostMemberId)
			.append('|')
			.append(buyer.name())
			.append('|')
			.append(buyer.phone())
			.append('|')
			.append(buyer.address())
			.append('|')
			.append(method)
			.append('|')
			.append(paymentNote);
		lines.forEach((line) -> canonical.append('|').append(line.sku()).append('x').append(line.quantity()));
		return Idempotency.sha256(canonical);
	}

	private static String outcome(Throwable ex) {
		if (ex instanceof Conflict conflict) {
			return conflict.code().toLowerCase();
		}
		if (ex instanceof InvalidInput || ex instanceof Unprocessable || ex instanceof NotFound) {
			return "invalid";
		}
		return "error";
	}

	private static Duration elapsed(long startedNanos) {
		return Duration.ofNanos(System.nanoTime() - startedNanos);
	}

}
