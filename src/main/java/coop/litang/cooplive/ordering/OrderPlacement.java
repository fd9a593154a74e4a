package coop.litang.cooplive.ordering;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import coop.litang.cooplive.buyers.BuyerTokens;
import coop.litang.cooplive.catalog.CatalogManagement;
import coop.litang.cooplive.catalog.Unit;
import coop.litang.cooplive.inventory.InventoryManagement;
import coop.litang.cooplive.livestream.ClaimedItem;
import coop.litang.cooplive.livestream.GatePass;
import coop.litang.cooplive.livestream.LivestreamManagement;
import coop.litang.cooplive.livestream.QuotaExceeded;
import coop.litang.cooplive.ordering.OrderManagement.Placed;
import coop.litang.cooplive.shared.Conflict;
import coop.litang.cooplive.shared.Forbidden;
import coop.litang.cooplive.shared.Idempotency;
import coop.litang.cooplive.shared.InvalidInput;
import coop.litang.cooplive.shared.NotFound;
import coop.litang.cooplive.shared.PhoneNumber;
import coop.litang.cooplive.shared.RateLimits;
import coop.litang.cooplive.shared.ToTheEnd;
import coop.litang.cooplive.shared.TryLater;
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

	/** The code of a retry answered while its first attempt may still be in flight. */
	static final String IN_FLIGHT = "ORDER_IN_FLIGHT";

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

	private final HoldCaps caps;

	private final BuyerTokens buyerTokens;

	private final RateLimits rateLimits;

	private final Clock clock;

	// the attempts in flight on this instance, by idempotency key: each ends when its
	// attempt does
	private final Map<String, Mono<Void>> inFlight = new ConcurrentHashMap<>();

	OrderPlacement(Orders orders, AccessTokens tokens, CatalogManagement catalog, InventoryManagement inventory,
			LivestreamManagement livestream, TransactionalOperator transactions, OrderingSettings settings,
			OrderMetrics metrics, LiveUpdates updates, DropBatcher batcher, UsedKeys usedKeys, HoldCaps caps,
			BuyerTokens buyerTokens, RateLimits rateLimits, Clock clock) {
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
		this.caps = caps;
		this.buyerTokens = buyerTokens;
		this.rateLimits = rateLimits;
		this.clock = clock;
	}

	// a requested line, merged by SKU; its fields as the request named them
	private record Line(String sku, long quantity, String field, String quantityField) {
	}

	// what a request asks for, checked and merged
	private record Request(String key, RequestHash hash, OrderChannel channel, UUID sessionId, UUID hostMemberId,
			Buyer buyer, List<Line> lines, PaymentMethod method, String paymentNote, String buyerToken) {

		// a buyer's own order, not one a host entered
		boolean buyers() {
			return this.hostMemberId == null;
		}

	}

	/**
	 * Places an order once per key.
	 * @param hostMemberId the host who entered it, or {@code null} for a buyer's own
	 * order
	 * @param buyerToken the buyer's token from their phone's verification, or
	 * {@code null}; a buyer's order for an item sold to verified buyers needs one naming
	 * the order's phone
	 */
	Mono<Placed> place(PlaceOrder command, UUID sessionId, UUID hostMemberId, String idempotencyKey,
			String buyerToken) {
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
					command.paymentNote(), buyerToken);
			// a buyer's own attempts are limited per phone, before any work (a host's are
			// not)
			Mono<Void> allowed = request.buyers() ? this.rateLimits.takeForBuyer(phone) : Mono.empty();
			return allowed.then(oneAtATime(key, () -> {
				// in a drop the Redis gate knows whether the key was used; elsewhere
				// PostgreSQL is asked
				Mono<Placed> prior = (sessionId != null) ? Mono.empty() : replay(key, hash);
				return prior.switchIfEmpty(Mono.defer(() -> fresh(request, true)));
			}));
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
	// decided afresh if it failed), instead of racing it for the same units. An attempt
	// runs to its end even when its request does not wait for it (past its deadline, or
	// the buyer's app hung up), so the retry waits for the real outcome
	private Mono<Placed> oneAtATime(String key, Supplier<Mono<Placed>> attempt) {
		Sinks.Empty<Void> ended = Sinks.empty();
		Mono<Void> mine = ended.asMono();
		Mono<Void> earlier = this.inFlight.putIfAbsent(key, mine);
		if (earlier != null) {
			return earlier.onErrorResume((ex) -> Mono.empty()).then(Mono.defer(() -> oneAtATime(key, attempt)));
		}
		return ToTheEnd.run(Mono.defer(attempt).doFinally((signal) -> {
			this.inFlight.remove(key, mine);
			ended.tryEmitEmpty();
		}));
	}

	private Mono<Placed> fresh(Request request, boolean viaGate) {
		OrderId orderId = OrderId.random();
		return Flux.fromIterable(request.lines())
			.concatMap((line) -> resolve(line, request.sessionId()))
			.collectList()
			.flatMap((items) -> mayHold(request, items))
			.flatMap((items) -> claimsOnPayment(request, items) ? unheld(orderId, request, items)
					: held(orderId, request, items, viaGate))
			.onErrorResume(AlreadyPlaced.class, (ex) -> Mono.just(ex.placed))
			.onErrorResume(DataIntegrityViolationException.class,
					(ex) -> String.valueOf(ex.getMessage()).contains("order_idempotency")
							? replay(request.key(), request.hash()) : Mono.error(ex));
	}

	// an order that holds its units from now: in a drop past the Redis gate first
	private Mono<Placed> held(OrderId orderId, Request request, List<ClaimedItem> items, boolean viaGate) {
		String gateMark = viaGate ? request.key() : null;
		String phone = request.buyer().phone();
		return (viaGate ? passGate(items, phone, gateMark) : Mono.just(new Gate(List.of(), false, false)))
			.flatMap((gate) -> {
				if (gate.markedBefore()) {
					// a retry: of a placed order (PostgreSQL has the key), or of one
					// still in
					// flight, whose key this attempt then waits for in PostgreSQL, past
					// the
					// gate. Until the first attempt's batch starts (it may be queued on
					// another instance) PostgreSQL cannot show its key: a refusal then
					// may
					// be wrong, and the buyer is asked to try again instead
					Mono<Placed> past = Mono.defer(() -> fresh(request, false));
					if (gate.markedRecently()) {
						past = past.onErrorMap(Conflict.class, (ex) -> inFlight());
					}
					return replay(request.key(), request.hash()).switchIfEmpty(past);
				}
				Order order = newOrder(orderId, request, items, false);
				if (viaGate && request.buyers() && items.size() == 1 && items.get(0).lineupItemId() != null) {
					// a buyer's order in a drop joins the item's next batch
					return this.batcher.submit(order, items.get(0), request.key(), request.hash().value())
						.flatMap((outcome) -> batched(outcome, gate, request))
						.onErrorResume((ex) -> giveBackAfter(ex, gate.taken(), phone, gateMark));
				}
				// every read is done: the transaction only writes, and takes the hot rows
				// last
				Mono<Order> write = insert(order, request).thenMany(Flux.fromIterable(items))
					.concatMap((item) -> hold(item, orderId, phone))
					.then(Mono.just(order));
				return this.transactions.transactional(write)
					.map((placed) -> created(placed))
					.onErrorResume((ex) -> giveBackAfter(ex, gate.taken(), phone, gateMark));
			});
	}

	// a pay-to-claim order holds nothing: it is placed while its items could still be
	// paid for, and takes their units when its payment comes. It passes no gate, so a
	// retry is found in PostgreSQL.
	private Mono<Placed> unheld(OrderId orderId, Request request, List<ClaimedItem> items) {
		String phone = request.buyer().phone();
		return replay(request.key(), request.hash()).switchIfEmpty(Mono.defer(() -> Flux.fromIterable(items)
			.concatMap((item) -> this.livestream.claimable(item, phone))
			.then(Mono.defer(() -> {
				Order order = newOrder(orderId, request, items, true);
				return this.transactions.transactional(insert(order, request).thenReturn(order)).map(this::created);
			}))));
	}

	// a buyer's order of pay-to-claim items, which are ordered on their own
	private static boolean claimsOnPayment(Request request, List<ClaimedItem> items) {
		return request.buyers() && items.get(0).terms().payToClaim();
	}

	// the key, the buyer's count of unpaid orders and the order, in the caller's
	// transaction
	private Mono<Void> insert(Order order, Request request) {
		return this.orders.insertKey(request.key(), request.hash().value(), order.id(), order.createdAt())
			.then(request.buyers() ? countUnpaid(request.buyer().phone()) : Mono.empty())
			.then(this.orders.insertAll(List.of(order)));
	}

	// one more unpaid order of the buyer's, in the order's transaction
	private Mono<Void> countUnpaid(String phone) {
		return this.orders.takeUnpaid(List.of(phone), this.caps.unpaidOrdersPerBuyer())
			.flatMap((under) -> under.isEmpty() ? Mono.error(tooManyUnpaid(this.caps)) : Mono.empty());
	}

	// as Stripe answers idempotency_key_in_use
	private static Conflict inFlight() {
		return new Conflict(IN_FLIGHT,
				"an earlier request with this Idempotency-Key is still being placed; ask again in a moment with the "
						+ "same key",
				"Idempotency-Key");
	}

	static Conflict tooManyUnpaid(HoldCaps caps) {
		return new Conflict("TOO_MANY_UNPAID_ORDERS",
				"this buyer already has " + caps.unpaidOrdersPerBuyer() + " unpaid orders: pay or cancel one first",
				"buyer.phone");
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

	private Order newOrder(OrderId orderId, Request request, List<ClaimedItem> items, boolean claimsOnPayment) {
		List<OrderLine> lines = new ArrayList<>(items.size());
		for (ClaimedItem item : items) {
			lines.add(new OrderLine(lines.size() + 1, item.skuId(), item.skuCode(), item.lineupItemId(),
					item.quantity(), item.unitPriceFen()));
		}
		return Order.place(orderId, request.channel(), request.sessionId(), request.hostMemberId(), request.buyer(),
				lines, request.method(), request.paymentNote(), this.clock.instant(), hold(request, items),
				claimsOnPayment);
	}

	// cash on delivery holds until it ships; a buyer's own order of a line-up item holds
	// for the item's time (the shortest of its items'); anything else for the store's
	private Duration hold(Request request, List<ClaimedItem> items) {
		if (request.method() == PaymentMethod.CASH_ON_DELIVERY) {
			return this.settings.cashOnDeliveryHold();
		}
		Duration hold = this.settings.holdDuration();
		if (request.buyers()) {
			for (ClaimedItem item : items) {
				if (item.terms().hold() != null && item.terms().hold().compareTo(hold) < 0) {
					hold = item.terms().hold();
				}
			}
		}
		return hold;
	}

	private Mono<ClaimedItem> resolve(Line line, UUID sessionId) {
		if (sessionId != null) {
			return this.livestream.liveItem(sessionId, line.sku(), line.quantity(), line.field());
		}
		return this.catalog.skuByCode(line.sku())
			.onErrorMap(NotFound.class, (ex) -> new InvalidInput(line.field(), "no such SKU"))
			.flatMap((sku) -> sku.active()
					? Mono.just(new ClaimedItem(null, sku.id(), sku.code(), sku.listPriceFen(), line.quantity(), 0,
							ClaimedItem.Terms.generalStock(sku.unit())))
					: Mono.error(new InvalidInput(line.field(), "the SKU is not on sale")));
	}

	// within the hold caps, and by a verified buyer where an item asks for one; an
	// unverified retry of an order placed while its token was good still gets its order
	private Mono<List<ClaimedItem>> mayHold(Request request, List<ClaimedItem> items) {
		List<Line> lines = request.lines();
		Map<Unit, Long> ordered = new EnumMap<>(Unit.class);
		for (int i = 0; i < items.size(); i++) {
			ClaimedItem item = items.get(i);
			Unit unit = item.terms().unit();
			if (item.quantity() > this.caps.perLine(unit)) {
				return Mono.error(new InvalidInput(lines.get(i).quantityField(),
						"at most " + this.caps.perLine(unit) + " " + units(unit) + " of one SKU in an order"));
			}
			ordered.merge(unit, item.quantity(), Long::sum);
		}
		for (Map.Entry<Unit, Long> kind : ordered.entrySet()) {
			long cap = this.caps.perOrder(kind.getKey());
			if (kind.getValue() > cap) {
				return Mono.error(new InvalidInput("lines",
						"at most " + cap + " " + units(kind.getKey()) + " in one order, all lines together"));
			}
		}
		long payToClaim = items.stream().filter((item) -> item.terms().payToClaim()).count();
		if (request.buyers() && payToClaim > 0 && payToClaim < items.size()) {
			return Mono.error(new InvalidInput("lines",
					"a pay-to-claim item is taken when the order is paid: order it apart from items that are held "
							+ "at once"));
		}
		if (!request.buyers() || items.stream().noneMatch((item) -> item.terms().verifiedBuyers())) {
			return Mono.just(items);
		}
		Optional<PhoneNumber> verified = this.buyerTokens.verifiedPhone(request.buyerToken());
		if (verified.isPresent() && verified.get().value().equals(request.buyer().phone())) {
			return Mono.just(items);
		}
		Forbidden refusal = verified.isPresent()
				? new Forbidden("BUYER_PHONE_MISMATCH",
						"the buyer token in X-Buyer-Token was issued to another phone than buyer.phone", "buyer.phone")
				: new Forbidden("BUYER_NOT_VERIFIED",
						"this item sells to verified buyers: verify the phone by SMS code and send the buyer token in "
								+ "X-Buyer-Token (it is missing, expired or not genuine)",
						BuyerTokens.HEADER);
		return replay(request.key(), request.hash())
			.flatMap((placed) -> Mono.<List<ClaimedItem>>error(new AlreadyPlaced(placed)))
			.then(Mono.error(refusal));
	}

	private static String units(Unit unit) {
		return switch (unit) {
			case PIECE -> "pieces";
			case GRAM -> "grams";
			case BOX -> "boxes";
			case PACK -> "packs";
		};
	}

	// the order an unverified retry made while its token was good: answered as a replay
	private static final class AlreadyPlaced extends RuntimeException {

		private final transient Placed placed;

		AlreadyPlaced(Placed placed) {
			super(null, null, false, false);
			this.placed = placed;
		}

	}

	// what the gate took; whether an attempt with the key passed it before, and whether
	// moments ago (it may still be in flight)
	private record Gate(List<ClaimedItem> taken, boolean markedBefore, boolean markedRecently) {
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
			.takeUntil(OrderPlacement::marked)
			.filter(OrderPlacement::marked)
			.next()
			.map((pass) -> new Gate(List.copyOf(taken), true, pass == GatePass.MARKED_RECENTLY))
			// what was taken is known only once every item passed
			.switchIfEmpty(Mono.fromSupplier(() -> new Gate(List.copyOf(taken), false, false)))
			.onErrorResume((ex) -> giveBack(taken, phone, mark).then(Mono.error(ex)))
			.onErrorResume(QuotaExceeded.class,
					(ex) -> (mark == null) ? Mono.error(ex) : shortFor(live.get(0), mark, ex));
	}

	// the gate found the quota short and no mark: Redis may not know the key (lost, or
	// never told), so it is refused only when PostgreSQL says no order holds it, and
	// when no other attempt with the key passed the gate while PostgreSQL was asked (its
	// order not committed yet, it is in flight); else it is a retry, answered past the
	// gate
	private Mono<Gate> shortFor(ClaimedItem item, String mark, QuotaExceeded refusal) {
		return this.usedKeys.used(item.skuCode(), mark).flatMap((used) -> {
			if (used) {
				return Mono.just(new Gate(List.of(), true, false));
			}
			return this.livestream.markedSince(item, mark)
				.flatMap((marked) -> marked ? Mono.just(new Gate(List.of(), true, true)) : Mono.error(refusal));
		});
	}

	private static boolean marked(GatePass pass) {
		return pass == GatePass.MARKED_BEFORE || pass == GatePass.MARKED_RECENTLY;
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
			merged.merge(sku, new Line(sku, line.quantity(), "lines[" + i + "].sku", "lines[" + i + "].quantity"), (a,
					b) -> new Line(a.sku(), Math.addExact(a.quantity(), b.quantity()), a.field(), a.quantityField()));
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
		if (ex instanceof Forbidden forbidden) {
			return forbidden.code().toLowerCase();
		}
		if (ex instanceof TryLater later) {
			return later.code().toLowerCase();
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
