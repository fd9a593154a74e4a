package coop.litang.cooplive.ordering;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import coop.litang.cooplive.catalog.CatalogManagement;
import coop.litang.cooplive.inventory.InventoryManagement;
import coop.litang.cooplive.livestream.ClaimedItem;
import coop.litang.cooplive.livestream.GatePass;
import coop.litang.cooplive.livestream.LivestreamManagement;
import coop.litang.cooplive.livestream.QuotaExceeded;
import coop.litang.cooplive.shared.Actor;
import coop.litang.cooplive.shared.Conflict;
import coop.litang.cooplive.shared.Idempotency;
import coop.litang.cooplive.shared.InvalidInput;
import coop.litang.cooplive.shared.NotFound;
import coop.litang.cooplive.shared.Page;
import coop.litang.cooplive.shared.PageQuery;
import coop.litang.cooplive.shared.PhoneNumber;
import coop.litang.cooplive.shared.Unprocessable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The ordering module's API: placing orders exactly once per idempotency key, holding
 * their stock until they are paid or their hold expires, and moving them through
 * {@link OrderStatus}. An order and its stock changes commit in one transaction.
 */
@Service
public class OrderManagement {

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

	OrderManagement(Orders orders, AccessTokens tokens, CatalogManagement catalog, InventoryManagement inventory,
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

	/**
	 * The result of placing an order.
	 *
	 * @param order the order, with its access token
	 * @param created true when this request created it, false when it replayed an earlier
	 * request with the same idempotency key
	 */
	public record Placed(OrderView order, boolean created) {
	}

	/**
	 * Places a buyer's order from the storefront: at list prices without a session, at
	 * the session's prices and within its quota and per-buyer limits with one.
	 * @throws InvalidInput for bad lines, SKUs or phone numbers
	 * @throws Conflict {@code SOLD_OUT}, {@code QUOTA_EXCEEDED},
	 * {@code BUYER_LIMIT_EXCEEDED}, {@code SESSION_NOT_LIVE}; nothing is held then
	 * @throws Unprocessable {@code IDEMPOTENCY_KEY_REUSED} for a key used with another
	 * body
	 */
	public Mono<Placed> placeFromStorefront(PlaceOrder command, String idempotencyKey) {
		if (command.paymentMethod() != null && command.paymentMethod().offline()) {
			return Mono.error(new InvalidInput("paymentMethod", "storefront orders are paid by card"));
		}
		return place(command, command.sessionId(), null, idempotencyKey);
	}

	/**
	 * Places an order a host took from chat or phone in their live session, attributed to
	 * the host; paid by card or offline.
	 * @throws coop.litang.cooplive.shared.Forbidden for another host's session
	 */
	public Mono<Placed> placeForHost(UUID sessionId, PlaceOrder command, String idempotencyKey, Actor actor) {
		return this.livestream.session(sessionId, actor)
			.flatMap((session) -> place(command, sessionId, session.hostMemberId(), idempotencyKey));
	}

	private record Line(String sku, long quantity, String field) {
	}

	private Mono<Placed> place(PlaceOrder command, UUID sessionId, UUID hostMemberId, String idempotencyKey) {
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
			// in a drop the Redis gate knows whether the key was used; elsewhere
			// PostgreSQL is asked
			Mono<Placed> prior = (sessionId != null) ? Mono.empty()
					: this.orders.findKey(key).flatMap((existing) -> replay(existing, hash));
			return prior.switchIfEmpty(Mono.defer(() -> fresh(key, hash, channel, sessionId, hostMemberId, buyer, lines,
					method, command.paymentNote(), true)));
		}).doOnSuccess((placed) -> {
			this.metrics.placed(channel, placed.created() ? "accepted" : "replayed", elapsed(started));
			if (placed.created() && sessionId != null) {
				this.metrics.gmv(sessionId, placed.order().totalFen());
				this.updates.changed(sessionId).subscribe();
			}
		}).doOnError((ex) -> this.metrics.placed(channel, outcome(ex), elapsed(started)));
	}

	private Mono<Placed> fresh(String key, RequestHash hash, OrderChannel channel, UUID sessionId, UUID hostMemberId,
			Buyer buyer, List<Line> lines, PaymentMethod method, String paymentNote, boolean viaGate) {
		UUID orderId = UUID.randomUUID();
		String gateMark = viaGate ? key : null;
		return Flux.fromIterable(lines)
			.concatMap((line) -> resolve(line, sessionId))
			.collectList()
			.flatMap((items) -> (viaGate ? passGate(items, buyer.phone(), gateMark)
					: Mono.just(new Gate(List.of(), false)))
				.flatMap((gate) -> {
					if (gate.markedBefore()) {
						// a retry: of a placed order (PostgreSQL has the key), or of one
						// still in flight,
						// whose key this attempt then waits for in PostgreSQL, past the
						// gate
						return this.orders.findKey(key)
							.flatMap((existing) -> replay(existing, hash))
							.switchIfEmpty(Mono.defer(() -> fresh(key, hash, channel, sessionId, hostMemberId, buyer,
									lines, method, paymentNote, false)));
					}
					Orders.Stored order = newOrder(orderId, channel, sessionId, hostMemberId, buyer, items, method,
							paymentNote);
					if (viaGate && hostMemberId == null && items.size() == 1 && items.get(0).lineupItemId() != null) {
						// a buyer's order in a drop joins the item's next batch
						return this.batcher.submit(order, items.get(0), key, hash.value())
							.flatMap((outcome) -> batched(outcome, orderId, gate, buyer.phone(), key, hash))
							.onErrorResume(
									(ex) -> giveBack(gate.taken(), buyer.phone(), gateMark).then(Mono.error(ex)));
					}
					// every read is done: the transaction only writes, and takes the hot
					// rows
					// last
					Mono<Orders.Stored> write = this.orders.insertKey(key, hash.value(), orderId, order.createdAt())
						.then(this.orders.insert(order, order.createdAt()))
						.thenMany(Flux.fromIterable(items))
						.concatMap((item) -> hold(item, orderId, buyer.phone()))
						.then(Mono.just(order));
					return this.transactions.transactional(write)
						.map((placed) -> new Placed(placed.view().withAccessToken(this.tokens.tokenFor(placed.id())),
								true))
						.onErrorResume((ex) -> giveBack(gate.taken(), buyer.phone(), gateMark).then(Mono.error(ex)));
				}))
			.onErrorResume(DataIntegrityViolationException.class,
					(ex) -> String.valueOf(ex.getMessage()).contains("order_idempotency")
							? this.orders.findKey(key).flatMap((existing) -> replay(existing, hash)) : Mono.error(ex));
	}

	private Mono<Placed> batched(DropBatcher.Outcome outcome, UUID orderId, Gate gate, String phone, String key,
			RequestHash hash) {
		if (outcome instanceof DropBatcher.Accepted accepted) {
			return Mono.just(new Placed(accepted.order().view().withAccessToken(this.tokens.tokenFor(orderId)), true));
		}
		if (outcome instanceof DropBatcher.Refused refused) {
			return Mono.error(refused.reason());
		}
		// another attempt with the key won: answer as it did
		return giveBack(gate.taken(), phone, null)
			.then(this.orders.findKey(key).flatMap((existing) -> replay(existing, hash)));
	}

	private Orders.Stored newOrder(UUID orderId, OrderChannel channel, UUID sessionId, UUID hostMemberId, Buyer buyer,
			List<ClaimedItem> items, PaymentMethod method, String paymentNote) {
		Instant now = this.clock.instant();
		List<Orders.Line> stored = new ArrayList<>();
		long total = 0;
		for (ClaimedItem item : items) {
			Orders.Line line = new Orders.Line(stored.size() + 1, item.skuId(), item.skuCode(), item.lineupItemId(),
					item.quantity(), item.unitPriceFen());
			stored.add(line);
			total = Math.addExact(total, line.totalFen());
		}
		Duration hold = (method == PaymentMethod.CASH_ON_DELIVERY) ? this.settings.cashOnDeliveryHold()
				: this.settings.holdDuration();
		return new Orders.Stored(orderId, channel, sessionId, hostMemberId, buyer, OrderStatus.PENDING_PAYMENT, method,
				method.offline() ? paymentNote : null, total, now, now.plus(hold), null, null, List.copyOf(stored),
				null, 0, 0);
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

	private Mono<Void> giveBack(List<ClaimedItem> taken, String phone, String mark) {
		return Flux.range(0, taken.size())
			.concatMap((i) -> this.livestream.giveBackToGate(taken.get(i), phone, (i == 0) ? mark : null))
			.then();
	}

	private Mono<Void> hold(ClaimedItem item, UUID orderId, String phone) {
		if (item.lineupItemId() != null) {
			return this.livestream.claim(item, phone);
		}
		return this.inventory.reserve(item.skuId(), item.skuCode(), item.quantity(), reference(orderId), ACTOR_BUYER);
	}

	private Mono<Placed> replay(Orders.Key existing, RequestHash hash) {
		if (!existing.requestHash().equals(hash.value())) {
			return Mono.error(
					new Unprocessable("IDEMPOTENCY_KEY_REUSED", "this Idempotency-Key was used for a different order"));
		}
		return this.orders.find(existing.orderId())
			.map((order) -> new Placed(order.view().withAccessToken(this.tokens.tokenFor(order.id())), false));
	}

	// reading and moving orders

	/**
	 * An order for the buyer holding its access token.
	 * @throws NotFound for an unknown order or a wrong token, alike
	 */
	public Mono<OrderView> orderForBuyer(UUID orderId, String accessToken) {
		if (!this.tokens.matches(orderId, accessToken)) {
			return Mono.error(new NotFound("order", orderId));
		}
		return this.orders.find(orderId)
			.map(Orders.Stored::view)
			.switchIfEmpty(Mono.error(() -> new NotFound("order", orderId)));
	}

	/**
	 * Cancels an unpaid order for the buyer holding its access token; its stock is
	 * released.
	 */
	public Mono<OrderView> cancelForBuyer(UUID orderId, String accessToken) {
		return orderForBuyer(orderId, accessToken).then(cancel(orderId, ACTOR_BUYER));
	}

	/** An order, for an admin. */
	public Mono<OrderView> order(UUID orderId) {
		return this.orders.find(orderId)
			.map(Orders.Stored::view)
			.switchIfEmpty(Mono.error(() -> new NotFound("order", orderId)));
	}

	/**
	 * An order for an admin, or for the host of the session it was placed in.
	 * @throws coop.litang.cooplive.shared.Forbidden for another host's order
	 */
	public Mono<OrderView> managedOrder(UUID orderId, Actor actor) {
		return requireMayManage(orderId, actor).then(order(orderId));
	}

	/** Orders, newest first, of one status and one session when given; for admins. */
	public Mono<Page<OrderView>> orders(OrderStatus status, UUID sessionId, PageQuery page) {
		return Page.read(this.orders.page(status, sessionId, page).map(Orders.Stored::view),
				this.orders.count(status, sessionId), page);
	}

	/** The orders of a host's own session, newest first. */
	public Mono<Page<OrderView>> sessionOrders(UUID sessionId, OrderStatus status, Actor actor, PageQuery page) {
		return this.livestream.session(sessionId, actor).then(orders(status, sessionId, page));
	}

	/**
	 * Cancels an unpaid order and releases its stock.
	 * @throws IllegalOrderTransition unless it is {@code PENDING_PAYMENT}
	 */
	public Mono<OrderView> cancel(UUID orderId, String actor) {
		return move(orderId, OrderStatus.PENDING_PAYMENT, OrderStatus.CANCELLED, Map.of("cancelled_at", now()),
				(order) -> releaseAll(order, "order cancelled", actor));
	}

	/**
	 * Records an offline payment (cash, bank or mobile transfer): the order becomes paid
	 * and its held units are sold. A host may do this for their own sessions' orders.
	 * @throws IllegalOrderTransition unless it is {@code PENDING_PAYMENT}
	 */
	public Mono<OrderView> markPaidOffline(UUID orderId, MarkPaid payment, Actor actor) {
		return requireMayManage(orderId, actor).then(move(orderId, OrderStatus.PENDING_PAYMENT, OrderStatus.PAID,
				Map.of("paid_at", now(), "payment_reference", payment.reference()),
				(order) -> sellAll(order, actor.username())));
	}

	/**
	 * Ships a paid order, or a cash on delivery order before it is paid.
	 * @throws IllegalOrderTransition unless it is {@code PAID}, or
	 * {@code PENDING_PAYMENT} and paid on delivery
	 */
	public Mono<OrderView> ship(UUID orderId, ShipOrder shipment) {
		return this.orders.find(orderId)
			.switchIfEmpty(Mono.error(() -> new NotFound("order", orderId)))
			.flatMap((order) -> {
				OrderStatus from = (order.paymentMethod() == PaymentMethod.CASH_ON_DELIVERY
						&& order.status() == OrderStatus.PENDING_PAYMENT) ? OrderStatus.PENDING_PAYMENT
								: OrderStatus.PAID;
				return move(orderId, from, OrderStatus.SHIPPED, Map.of("shipped_at", now(), "carrier",
						shipment.carrier(), "tracking_number", shipment.trackingNumber()), (shipped) -> Mono.empty());
			});
	}

	/**
	 * Marks a shipped order delivered. A cash on delivery order shipped unpaid is paid
	 * now: its held units are sold and the reference (or "cash on delivery") noted.
	 * @throws IllegalOrderTransition unless it is {@code SHIPPED}
	 */
	public Mono<OrderView> deliver(UUID orderId, String cashReference, String actor) {
		return this.orders.find(orderId)
			.switchIfEmpty(Mono.error(() -> new NotFound("order", orderId)))
			.flatMap((order) -> {
				if (order.paidAt() != null || order.status() != OrderStatus.SHIPPED) {
					return move(orderId, OrderStatus.SHIPPED, OrderStatus.DELIVERED, Map.of("delivered_at", now()),
							(delivered) -> Mono.empty());
				}
				String reference = (cashReference != null && !cashReference.isBlank()) ? cashReference.strip()
						: "cash on delivery";
				Instant now = now();
				return move(orderId, OrderStatus.SHIPPED, OrderStatus.DELIVERED,
						Map.of("delivered_at", now, "paid_at", now, "payment_reference", reference),
						(delivered) -> sellAll(delivered, actor));
			});
	}

	// card payments and refunds, for the payments module

	/** What applying a card payment did to its order. */
	public enum CardPaymentOutcome {

		/** The unpaid order is paid now and its held units sold. */
		PAID,
		/** The order had expired; its units were taken again and it is paid now. */
		REVIVED,
		/**
		 * The order was not taken: cancelled, paid another way, or expired with its units
		 * gone. The money is to be returned.
		 */
		NOT_TAKEN

	}

	/**
	 * Applies a card payment of the order's total, in the caller's transaction: an unpaid
	 * order becomes paid and its held units sold; an expired one is revived when its
	 * units can be taken again (from the session's quota while it is live, else from
	 * general stock), otherwise nothing changes.
	 * @param reference the payment's reference (the PaymentIntent id)
	 * @throws NotFound for an unknown order
	 */
	public Mono<CardPaymentOutcome> applyCardPayment(UUID orderId, String reference, String actor) {
		Instant now = now();
		Map<String, Object> paid = Map.of("paid_at", now, "payment_reference", reference);
		// locked first, so an expiry sweeping at the same moment waits and then finds it
		// paid
		Mono<CardPaymentOutcome> apply = this.orders.findForUpdate(orderId)
			.switchIfEmpty(Mono.error(() -> new NotFound("order", orderId)))
			.flatMap((order) -> switch (order.status()) {
				case PENDING_PAYMENT -> this.orders
					.transition(orderId, OrderStatus.PENDING_PAYMENT, OrderStatus.PAID, now, paid)
					.flatMap((rows) -> (rows == 0)
							? Mono.error(
									new IllegalOrderTransition(orderId, OrderStatus.PENDING_PAYMENT, OrderStatus.PAID))
							: sellAll(order, actor).thenReturn(CardPaymentOutcome.PAID));
				case EXPIRED -> this.orders.transition(orderId, OrderStatus.EXPIRED, OrderStatus.PAID, now, paid)
					.flatMap((rows) -> (rows == 0)
							? Mono.error(new IllegalOrderTransition(orderId, OrderStatus.EXPIRED, OrderStatus.PAID))
							: retake(order, actor).then(sellAll(order, actor)).thenReturn(CardPaymentOutcome.REVIVED));
				default -> Mono.just(CardPaymentOutcome.NOT_TAKEN);
			});
		return this.transactions.transactional(apply).doOnNext((outcome) -> {
			if (outcome != CardPaymentOutcome.NOT_TAKEN) {
				changed(orderId);
			}
		});
	}

	// an expired order's units, taken again: the caller's transaction is undone when any
	// is gone
	private Mono<Void> retake(Orders.Stored order, String actor) {
		return Flux.fromIterable(order.lines())
			.concatMap((line) -> ((line.lineupItemId() != null) ? this.livestream.reclaim(line.lineupItemId(),
					line.skuCode(), order.buyer().phone(), line.quantity()) : Mono.just(false))
				.flatMap((fromQuota) -> fromQuota ? Mono.empty()
						: this.inventory.reserve(line.skuId(), line.skuCode(), line.quantity(), reference(order.id()),
								actor)))
			.then();
	}

	/**
	 * Holds a refund against a paid order, in the caller's transaction, so that refunds
	 * asked for at the same time can never add up to more than was paid.
	 * @throws Conflict {@code ORDER_NOT_REFUNDABLE} unless paid, shipped or delivered;
	 * {@code REFUND_EXCEEDS_PAYMENT} when more than what is left would be refunded
	 */
	public Mono<OrderView> holdRefund(UUID orderId, long amountFen) {
		return this.orders.holdRefund(orderId, amountFen, now())
			.flatMap((rows) -> this.orders.find(orderId)
				.switchIfEmpty(Mono.error(() -> new NotFound("order", orderId)))
				.flatMap((order) -> {
					if (rows == 1) {
						return Mono.just(order.view());
					}
					if (order.paidAt() == null
							|| !EnumSet.of(OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.DELIVERED)
								.contains(order.status())) {
						return Mono.error(new Conflict("ORDER_NOT_REFUNDABLE",
								"only a paid order can be refunded; this one is " + order.status()));
					}
					long left = order.totalFen() - order.refundedFen() - order.refundPendingFen();
					return Mono.error(new Conflict("REFUND_EXCEEDS_PAYMENT",
							"at most " + left + " fen of this order can still be refunded", "amountFen"));
				}));
	}

	/**
	 * Settles a held refund: refunded when it succeeded, released when it failed. When
	 * the whole total is refunded the order becomes {@code REFUNDED}, and an order not
	 * shipped yet returns its units to stock.
	 */
	public Mono<OrderView> settleRefund(UUID orderId, long amountFen, boolean succeeded, String actor) {
		Mono<Orders.Stored> settle = this.orders.settleRefund(orderId, amountFen, succeeded, now())
			.then(refundedInFull(orderId, actor));
		return this.transactions.transactional(settle).map(Orders.Stored::view).doOnNext((order) -> changed(orderId));
	}

	/**
	 * A refund made at the payment provider but not through cooplive (its dashboard): the
	 * provider's refunded total for the order's payment, of which what cooplive does not
	 * know yet is recorded as refunded.
	 * @return the fen newly recorded
	 */
	public Mono<Long> recordProviderRefunds(UUID orderId, String paymentReference, long providerRefundedFen,
			String actor) {
		Mono<Long> record = this.orders.raiseRefunded(orderId, paymentReference, providerRefundedFen, now())
			.flatMap((added) -> (added > 0) ? refundedInFull(orderId, actor).thenReturn(added) : Mono.just(0L));
		return this.transactions.transactional(record);
	}

	private Mono<Orders.Stored> refundedInFull(UUID orderId, String actor) {
		return this.orders.find(orderId).flatMap((order) -> {
			if (order.refundedFen() < order.totalFen() || order.status() == OrderStatus.REFUNDED) {
				return Mono.just(order);
			}
			boolean unshipped = order.status() == OrderStatus.PAID;
			return this.orders
				.transition(orderId, order.status(), OrderStatus.REFUNDED, now(), Map.of("refunded_at", now()))
				.then(unshipped ? returnAll(order, actor) : Mono.empty())
				.then(this.orders.find(orderId));
		});
	}

	private Mono<Void> returnAll(Orders.Stored order, String actor) {
		return Flux.fromIterable(order.lines())
			.concatMap((line) -> this.inventory.returnToStock(line.skuId(), line.quantity(), "refunded before shipping",
					reference(order.id()), actor))
			.then();
	}

	private void changed(UUID orderId) {
		this.orders.find(orderId)
			.filter((order) -> order.sessionId() != null)
			.flatMap((order) -> this.updates.changed(order.sessionId()))
			.subscribe();
	}

	/**
	 * Expires an unpaid order whose hold ran out and releases its stock, all in one
	 * transaction; does nothing when it was paid, cancelled or expired meanwhile.
	 * @return whether this call expired it
	 */
	public Mono<Boolean> expire(UUID orderId) {
		Instant now = now();
		Mono<Boolean> expire = this.orders
			.transition(orderId, OrderStatus.PENDING_PAYMENT, OrderStatus.EXPIRED, now, Map.of("expired_at", now))
			.flatMap((rows) -> (rows == 0) ? Mono.just(false)
					: this.orders.find(orderId)
						.flatMap((order) -> releaseAll(order, "hold expired", "system:sweeper"))
						.thenReturn(true));
		return this.transactions.transactional(expire).doOnNext((expired) -> {
			if (expired) {
				this.metrics.expired(1);
			}
		});
	}

	/** Unpaid orders whose hold ran out, oldest first. */
	public Flux<UUID> expiredOrders(int limit) {
		return this.orders.expiredIds(now(), limit);
	}

	private Mono<OrderView> move(UUID orderId, OrderStatus from, OrderStatus to, Map<String, Object> columns,
			Function<Orders.Stored, Mono<Void>> effects) {
		Mono<Orders.Stored> change = this.orders.transition(orderId, from, to, now(), columns).flatMap((rows) -> {
			if (rows == 0) {
				return this.orders.find(orderId)
					.switchIfEmpty(Mono.error(() -> new NotFound("order", orderId)))
					.flatMap((current) -> Mono.error(new IllegalOrderTransition(orderId, current.status(), to)));
			}
			return this.orders.find(orderId).flatMap((order) -> effects.apply(order).thenReturn(order));
		});
		return this.transactions.transactional(change).map((order) -> {
			if (order.sessionId() != null) {
				this.updates.changed(order.sessionId()).subscribe();
			}
			return order.view();
		});
	}

	// an admin, or the host who entered the order or whose session it was placed in
	private Mono<Void> requireMayManage(UUID orderId, Actor actor) {
		if (actor.isAdmin()) {
			return Mono.empty();
		}
		return this.orders.find(orderId)
			.switchIfEmpty(Mono.error(() -> new NotFound("order", orderId)))
			.flatMap((order) -> (order.hostMemberId() != null) ? Mono.just(order.hostMemberId())
					: (order.sessionId() != null) ? this.livestream.hostOf(order.sessionId()) : Mono.empty())
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.flatMap((owner) -> Mono.fromRunnable(() -> actor.requireOwnerOrAdmin(owner.orElse(null), "order")));
	}

	private Mono<Void> releaseAll(Orders.Stored order, String reason, String actor) {
		return Flux.fromIterable(order.lines())
			.concatMap((line) -> (line.lineupItemId() != null)
					? this.livestream.unclaim(line.lineupItemId(), line.skuId(), order.buyer().phone(), line.quantity(),
							reference(order.id()), actor)
					: this.inventory.release(line.skuId(), line.quantity(), reason, reference(order.id()), actor))
			.then();
	}

	private Mono<Void> sellAll(Orders.Stored order, String actor) {
		return Flux.fromIterable(order.lines())
			.concatMap((line) -> this.inventory.sell(line.skuId(), line.quantity(), reference(order.id()), actor))
			.then();
	}

	/**
	 * Revenue of orders paid in {@code [from, to)} and not refunded, in fen: paid,
	 * shipped or delivered.
	 */
	public Mono<Long> paidRevenue(Instant from, Instant to) {
		return this.orders.paidRevenue(from, to);
	}

	// live stats

	/** A session's sales so far, for its host or an admin. */
	public Mono<SessionStatsView> stats(UUID sessionId, Actor actor) {
		return this.livestream.session(sessionId, actor).then(stats(sessionId));
	}

	/**
	 * A session's sales as a stream: now, then within a second of every order placed or
	 * changed on any instance, and at least every ten seconds.
	 */
	public Flux<SessionStatsView> statsStream(UUID sessionId, Actor actor) {
		return this.livestream.session(sessionId, actor)
			.thenMany(Flux.merge(Flux.just(sessionId), this.updates.of(sessionId).sample(Duration.ofMillis(200)),
					Flux.interval(Duration.ofSeconds(10)).map((tick) -> sessionId)))
			.concatMap((id) -> stats(id), 1);
	}

	private Mono<SessionStatsView> stats(UUID sessionId) {
		Instant now = now();
		return Mono
			.zip(this.orders.sessionTotals(sessionId, now.minusSeconds(60)), this.livestream.publicSession(sessionId))
			.map((found) -> new SessionStatsView(sessionId, found.getT1().orders(), found.getT1().units(),
					found.getT1().gmvFen(), found.getT1().ordersLastMinute(),
					found.getT2()
						.lineup()
						.stream()
						.map((item) -> new SessionStatsView.ItemStats(item.id(), item.skuCode(), item.sold(),
								item.remaining()))
						.toList(),
					now));
	}

	// helpers

	private Instant now() {
		return this.clock.instant();
	}

	private static String reference(UUID orderId) {
		return "order:" + orderId;
	}

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
