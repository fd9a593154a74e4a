package coop.litang.cooplive.ordering;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import coop.litang.cooplive.inventory.InventoryManagement;
import coop.litang.cooplive.livestream.LivestreamManagement;
import coop.litang.cooplive.shared.Actor;
import coop.litang.cooplive.shared.AuditLog;
import coop.litang.cooplive.shared.Conflict;
import coop.litang.cooplive.shared.InvalidInput;
import coop.litang.cooplive.shared.NotFound;
import coop.litang.cooplive.shared.Page;
import coop.litang.cooplive.shared.PageQuery;
import coop.litang.cooplive.shared.PhoneNumber;
import coop.litang.cooplive.shared.RateLimits;
import coop.litang.cooplive.shared.Unprocessable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The ordering module's API: placing orders exactly once per idempotency key (in
 * {@link OrderPlacement}), and moving them through their life. Each change is a use case
 * in one transaction: read the {@link Order}, call one of its transitions, save it (only
 * if it is still as it was read), then do what the change says to its units.
 */
@Service
public class OrderManagement {

	private static final String ACTOR_BUYER = "buyer";

	// a change that lost a race is tried again on the order as it is now
	private static final int ATTEMPTS = 3;

	private final Orders orders;

	private final OrderPlacement placement;

	private final AccessTokens tokens;

	private final InventoryManagement inventory;

	private final LivestreamManagement livestream;

	private final TransactionalOperator transactions;

	private final OrderMetrics metrics;

	private final LiveUpdates updates;

	private final Clock clock;

	private final SessionStats sessionStats;

	private final AuditLog audit;

	private final RateLimits rateLimits;

	OrderManagement(Orders orders, OrderPlacement placement, AccessTokens tokens, InventoryManagement inventory,
			LivestreamManagement livestream, TransactionalOperator transactions, OrderMetrics metrics,
			LiveUpdates updates, Clock clock, SessionStats sessionStats, AuditLog audit, RateLimits rateLimits) {
		this.sessionStats = sessionStats;
		this.audit = audit;
		this.rateLimits = rateLimits;
		this.orders = orders;
		this.placement = placement;
		this.tokens = tokens;
		this.inventory = inventory;
		this.livestream = livestream;
		this.transactions = transactions;
		this.metrics = metrics;
		this.updates = updates;
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

	// placing

	/**
	 * Places a buyer's order from the storefront: at list prices without a session, at
	 * the session's prices and within its quota and per-buyer limits with one.
	 * @throws InvalidInput for bad lines, SKUs or phone numbers
	 * @throws Conflict {@code SOLD_OUT}, {@code QUOTA_EXCEEDED},
	 * {@code BUYER_LIMIT_EXCEEDED}, {@code SESSION_NOT_LIVE},
	 * {@code TOO_MANY_UNPAID_ORDERS}; nothing is held then
	 * @throws coop.litang.cooplive.shared.Forbidden {@code BUYER_NOT_VERIFIED} or
	 * {@code BUYER_PHONE_MISMATCH} for an item sold to verified buyers without a buyer
	 * token naming the order's phone
	 * @throws Unprocessable {@code IDEMPOTENCY_KEY_REUSED} for a key used with another
	 * body
	 */
	public Mono<Placed> placeFromStorefront(PlaceOrder command, String idempotencyKey, String buyerToken) {
		if (command.paymentMethod() != null && command.paymentMethod().offline()) {
			return Mono.error(new InvalidInput("paymentMethod", "storefront orders are paid by card"));
		}
		return this.placement.place(command, command.sessionId(), null, idempotencyKey, buyerToken);
	}

	/**
	 * Places an order a host took from chat or phone in their live session, attributed to
	 * the host; paid by card or offline.
	 * @throws coop.litang.cooplive.shared.Forbidden for another host's session
	 */
	public Mono<Placed> placeForHost(UUID sessionId, PlaceOrder command, String idempotencyKey, Actor actor) {
		return this.livestream.session(sessionId, actor)
			.flatMap((session) -> this.placement.place(command, sessionId, session.hostMemberId(), idempotencyKey,
					null));
	}

	// reading

	/**
	 * An order for the buyer holding its access token.
	 * @throws NotFound for an unknown order or a wrong token, alike
	 */
	public Mono<OrderView> orderForBuyer(UUID orderId, String accessToken) {
		if (!this.tokens.matches(orderId, accessToken)) {
			return Mono.error(new NotFound("order", orderId));
		}
		return order(orderId).map(OrderView::forBuyer);
	}

	/**
	 * An order its buyer, holding its access token, is about to act on (cancel, pay):
	 * within the buyer's rate limit, by the order's phone.
	 * @throws NotFound for an unknown order or a wrong token, alike
	 * @throws coop.litang.cooplive.shared.RateLimited past the buyer's limit
	 */
	public Mono<OrderView> orderForBuyerToChange(UUID orderId, String accessToken) {
		return orderForBuyer(orderId, accessToken)
			.flatMap((order) -> this.rateLimits.takeForBuyer(new PhoneNumber(order.buyer().phone())).thenReturn(order));
	}

	/** An order, for an admin. */
	public Mono<OrderView> order(UUID orderId) {
		return existing(new OrderId(orderId)).map(Order::view);
	}

	/**
	 * An order for an admin, or for the host of the session it was placed in.
	 * @throws coop.litang.cooplive.shared.Forbidden for another host's order
	 */
	public Mono<OrderView> managedOrder(UUID orderId, Actor actor) {
		return requireMayManage(new OrderId(orderId), actor).then(order(orderId));
	}

	/** Orders, newest first, of one status and one session when given; for admins. */
	public Mono<Page<OrderView>> orders(OrderFilter filter, PageQuery page) {
		return Page.read(this.orders.page(filter, page).map(Order::view), this.orders.count(filter), page);
	}

	/** The orders of a host's own session, newest first. */
	public Mono<Page<OrderView>> sessionOrders(UUID sessionId, OrderStatus status, Actor actor, PageQuery page) {
		return this.livestream.session(sessionId, actor)
			.then(orders(new OrderFilter(status, null, sessionId, null), page));
	}

	/**
	 * The name and address of a buyer's most recent order in one of the host's own
	 * sessions (an admin: in any session), by phone; a host never learns of another
	 * host's buyers. The sessions' owner is livestream's to say: their ids come from it,
	 * the orders' SQL stays in ordering's own table.
	 * @throws InvalidInput {@code phone} when it is not a mainland mobile number
	 * @throws NotFound when the phone has no such order
	 */
	public Mono<KnownBuyerView> knownBuyer(String phone, Actor actor) {
		return Mono.defer(() -> {
			PhoneNumber number;
			try {
				number = PhoneNumber.parse(phone);
			}
			catch (IllegalArgumentException ex) {
				return Mono.error(new InvalidInput("phone", ex.getMessage()));
			}
			Mono<UUID[]> sessions = actor.isAdmin() ? Mono.just(new UUID[0])
					: this.livestream.sessionIdsOf(actor).collectList().map((ids) -> ids.toArray(UUID[]::new));
			return sessions
				.flatMap((ids) -> (actor.isAdmin() || ids.length > 0)
						? this.orders.latestBuyer(number.value(), actor.isAdmin() ? null : ids) : Mono.empty())
				.switchIfEmpty(Mono.error(() -> new NotFound("buyer", number)));
		});
	}

	// an order's life

	/**
	 * Cancels an unpaid order for the buyer holding its access token; its stock is
	 * released.
	 */
	public Mono<OrderView> cancelForBuyer(UUID orderId, String accessToken) {
		return orderForBuyerToChange(orderId, accessToken).then(cancel(orderId, ACTOR_BUYER));
	}

	/**
	 * Cancels an unpaid order and releases its stock.
	 * @throws IllegalOrderTransition unless it is {@code PENDING_PAYMENT}
	 */
	public Mono<OrderView> cancel(UUID orderId, String actor) {
		return change(new OrderId(orderId), (order) -> order.cancel(now()), actor).map(Order::view);
	}

	/**
	 * Records an offline payment (cash, bank or mobile transfer): the order becomes paid
	 * and its held units are sold. A host may do this for their own sessions' orders.
	 * @throws IllegalOrderTransition unless it is {@code PENDING_PAYMENT}
	 */
	public Mono<OrderView> markPaidOffline(UUID orderId, MarkPaid payment, Actor actor) {
		OrderId id = new OrderId(orderId);
		return requireMayManage(id, actor).then(change(id,
				(order) -> order.markPaidOffline(payment.reference(), actor.username(), actor.isAdmin(), now()),
				actor.username(), (change) -> this.audit.record(actor.username(), "order.mark-paid", reference(id),
						change.before().view(), change.after().view())))
			.map(Order::view);
	}

	/**
	 * Ships a paid order, or a cash on delivery order before it is paid.
	 * @throws IllegalOrderTransition unless it is {@code PAID}, or
	 * {@code PENDING_PAYMENT} and paid on delivery
	 */
	public Mono<OrderView> ship(UUID orderId, ShipOrder shipment) {
		return change(new OrderId(orderId), (order) -> order.ship(shipment.carrier(), shipment.trackingNumber(), now()),
				"system")
			.map(Order::view);
	}

	/**
	 * Marks a shipped order delivered. A cash on delivery order shipped unpaid is paid
	 * now: its held units are sold and the reference (or "cash on delivery") noted.
	 * @throws IllegalOrderTransition unless it is {@code SHIPPED}
	 */
	public Mono<OrderView> deliver(UUID orderId, String cashReference, String actor) {
		return change(new OrderId(orderId), (order) -> order.deliver(cashReference, actor, now()), actor)
			.map(Order::view);
	}

	/**
	 * Expires an unpaid order whose hold ran out and releases its stock, all in one
	 * transaction; does nothing when it was paid, cancelled or expired meanwhile.
	 * @return whether this call expired it
	 */
	public Mono<Boolean> expire(UUID orderId) {
		return change(new OrderId(orderId), (order) -> order.expire(now()), "system:sweeper").map((order) -> true)
			.onErrorResume(IllegalOrderTransition.class, (ex) -> Mono.just(false))
			.onErrorResume(NotFound.class, (ex) -> Mono.just(false))
			.doOnNext((expired) -> {
				if (expired) {
					this.metrics.expired(1);
				}
			});
	}

	/** Unpaid orders whose hold ran out, oldest first. */
	public Flux<UUID> expiredOrders(int limit) {
		return this.orders.expiredIds(now(), limit).map(OrderId::value);
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
		// locked first, so an expiry sweeping at the same moment waits and then finds it
		// paid
		Mono<CardPaymentOutcome> apply = changeLocked(new OrderId(orderId),
				(order) -> order.payByCard(reference, now()), actor)
			.map((change) -> (change.stock() == Order.StockEffect.RETAKE_AND_SELL) ? CardPaymentOutcome.REVIVED
					: CardPaymentOutcome.PAID)
			.onErrorResume(IllegalOrderTransition.class, (ex) -> Mono.just(CardPaymentOutcome.NOT_TAKEN));
		return this.transactions.transactional(apply);
	}

	/**
	 * Closes a pay-to-claim order whose card payment came when its units were gone (the
	 * payment is refunded): an unpaid one is cancelled, and the order says why. Nothing
	 * changes for an order that held its units. In the caller's transaction.
	 */
	public Mono<Void> closeUnclaimed(UUID orderId, String actor) {
		return this.transactions
			.transactional(changeLocked(new OrderId(orderId), (order) -> order.closeUnclaimed(now()), actor))
			.doOnNext((change) -> {
				if (change.changes()) {
					publish(change.after());
				}
			})
			.then();
	}

	/**
	 * Holds a refund against a paid order, in the caller's transaction, so that refunds
	 * asked for at the same time can never add up to more than was paid.
	 * @throws Conflict {@code ORDER_NOT_REFUNDABLE} unless paid, shipped or delivered;
	 * {@code REFUND_EXCEEDS_PAYMENT} when more than what is left would be refunded
	 */
	public Mono<OrderView> holdRefund(UUID orderId, long amountFen) {
		return changeLocked(new OrderId(orderId), (order) -> order.holdRefund(amountFen), "system")
			.map((change) -> change.after().view());
	}

	/**
	 * Settles a held refund: refunded when it succeeded, released when it failed. When
	 * the whole total is refunded the order becomes {@code REFUNDED}, and an order not
	 * shipped yet returns its units to stock.
	 */
	public Mono<OrderView> settleRefund(UUID orderId, long amountFen, boolean succeeded, String actor) {
		Mono<Order.Change> settle = changeLocked(new OrderId(orderId),
				(order) -> order.settleRefund(amountFen, succeeded, now()), actor);
		return this.transactions.transactional(settle).map((change) -> change.after().view());
	}

	/**
	 * A refund made at the payment provider but not through cooplive (its dashboard): the
	 * provider's refunded total for the order's payment, of which what cooplive does not
	 * know yet is recorded as refunded.
	 * @return the fen newly recorded
	 */
	public Mono<Long> recordProviderRefunds(UUID orderId, String paymentReference, long providerRefundedFen,
			String actor) {
		Mono<Long> record = changeLocked(new OrderId(orderId),
				(order) -> order.refundedAtProvider(paymentReference, providerRefundedFen, now()), actor)
			.map((change) -> change.after().refundedFen() - change.before().refundedFen());
		return this.transactions.transactional(record);
	}

	// the use cases' steps

	private Mono<Order> existing(OrderId id) {
		return this.orders.find(id).switchIfEmpty(Mono.error(() -> new NotFound("order", id.value())));
	}

	// a change of an order read without a lock: saved only if the order is still as it
	// was read, else tried again on the order as it is now
	private Mono<Order> change(OrderId id, Function<Order, Order.Change> transition, String actor) {
		return change(id, transition, actor, (change) -> Mono.empty());
	}

	// the same, with a record of the change written in its transaction
	private Mono<Order> change(OrderId id, Function<Order, Order.Change> transition, String actor,
			Function<Order.Change, Mono<Void>> record) {
		Mono<Order.Change> attempt = attempt(id, transition, actor, ATTEMPTS)
			.flatMap((change) -> record.apply(change).thenReturn(change));
		return this.transactions.transactional(attempt).map((change) -> {
			publish(change.after());
			return change.after();
		});
	}

	private Mono<Order.Change> attempt(OrderId id, Function<Order, Order.Change> transition, String actor,
			int attemptsLeft) {
		return existing(id).flatMap((order) -> {
			Order.Change change = transition.apply(order);
			return this.orders.save(change, now()).flatMap((saved) -> {
				if (saved) {
					return effects(change, actor).thenReturn(change);
				}
				if (attemptsLeft > 1) {
					return attempt(id, transition, actor, attemptsLeft - 1);
				}
				return Mono.error(new Conflict("ORDER_CHANGED", "order " + id + " changed meanwhile; try again"));
			});
		});
	}

	// a change of an order locked until the caller's transaction ends
	private Mono<Order.Change> changeLocked(OrderId id, Function<Order, Order.Change> transition, String actor) {
		return this.orders.findForUpdate(id)
			.switchIfEmpty(Mono.error(() -> new NotFound("order", id.value())))
			.flatMap((order) -> {
				Order.Change change = transition.apply(order);
				return this.orders.save(change, now())
					.flatMap((saved) -> saved ? effects(change, actor)
							: Mono.error(new IllegalStateException("order " + id + " changed while locked")))
					.thenReturn(change);
			})
			.doOnNext((change) -> {
				if (change.changes()) {
					publish(change.after());
				}
			});
	}

	// what a change does to the order's units, in the same transaction
	private Mono<Void> effects(Order.Change change, String actor) {
		Order order = change.after();
		return switch (change.stock()) {
			case NONE -> Mono.empty();
			case SELL -> sellAll(order, actor);
			case RELEASE ->
				releaseAll(order, (order.status() == OrderStatus.EXPIRED) ? "hold expired" : "order cancelled", actor);
			case RETAKE_AND_SELL, TAKE_AND_SELL -> retake(order, actor).then(sellAll(order, actor));
			case RETURN -> returnAll(order, actor);
		};
	}

	private Mono<Void> releaseAll(Order order, String reason, String actor) {
		return Flux.fromIterable(order.lines())
			.concatMap((line) -> (line.lineupItemId() != null)
					? this.livestream.unclaim(line.lineupItemId(), line.skuId(), order.buyer().phone(), line.quantity(),
							reference(order.id()), actor)
					: this.inventory.release(line.skuId(), line.quantity(), reason, reference(order.id()), actor))
			.then();
	}

	private Mono<Void> sellAll(Order order, String actor) {
		return Flux.fromIterable(order.lines())
			.concatMap((line) -> this.inventory.sell(line.skuId(), line.quantity(), reference(order.id()), actor))
			.then();
	}

	// an expired order's units, taken again: the caller's transaction is undone when any
	// is gone
	private Mono<Void> retake(Order order, String actor) {
		return Flux.fromIterable(order.lines())
			.concatMap((line) -> ((line.lineupItemId() != null) ? this.livestream.reclaim(line.lineupItemId(),
					line.skuCode(), order.buyer().phone(), line.quantity()) : Mono.just(false))
				.flatMap((fromQuota) -> fromQuota ? Mono.empty()
						: this.inventory.reserve(line.skuId(), line.skuCode(), line.quantity(), reference(order.id()),
								actor)))
			.then();
	}

	private Mono<Void> returnAll(Order order, String actor) {
		return Flux.fromIterable(order.lines())
			.concatMap((line) -> this.inventory.returnToStock(line.skuId(), line.quantity(), "refunded before shipping",
					reference(order.id()), actor))
			.then();
	}

	// a session's live stats follow its orders' changes
	private void publish(Order order) {
		if (order.sessionId() != null) {
			this.updates.changed(order.sessionId()).subscribe();
		}
	}

	// an admin, or the host who entered the order or whose session it was placed in
	private Mono<Void> requireMayManage(OrderId orderId, Actor actor) {
		if (actor.isAdmin()) {
			return Mono.empty();
		}
		return existing(orderId)
			.flatMap((order) -> (order.hostMemberId() != null) ? Mono.just(order.hostMemberId())
					: (order.sessionId() != null) ? this.livestream.hostOf(order.sessionId()) : Mono.empty())
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.flatMap((owner) -> Mono.fromRunnable(() -> actor.requireOwnerOrAdmin(owner.orElse(null), "order")));
	}

	// figures for other modules

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
		return this.livestream.session(sessionId, actor).then(this.sessionStats.now(sessionId));
	}

	/**
	 * A session's sales as a stream: now, then within a second of every order placed or
	 * changed on any instance, and at least every ten seconds. The watchers of a session
	 * share one source.
	 * @throws coop.litang.cooplive.shared.TooManyRequests {@code TOO_MANY_STREAMS} past
	 * {@code cooplive.ordering.streams-per-user} streams of one user
	 */
	public Flux<SessionStatsView> statsStream(UUID sessionId, Actor actor) {
		return this.livestream.session(sessionId, actor)
			.thenMany(this.sessionStats.stream(sessionId, actor.username()));
	}

	// helpers

	private Instant now() {
		return this.clock.instant();
	}

	static String reference(OrderId orderId) {
		return "order:" + orderId.value();
	}

}
