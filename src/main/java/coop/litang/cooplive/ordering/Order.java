package coop.litang.cooplive.ordering;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import coop.litang.cooplive.shared.Conflict;
import coop.litang.cooplive.shared.Forbidden;

import static coop.litang.cooplive.ordering.OrderStatus.CANCELLED;
import static coop.litang.cooplive.ordering.OrderStatus.DELIVERED;
import static coop.litang.cooplive.ordering.OrderStatus.EXPIRED;
import static coop.litang.cooplive.ordering.OrderStatus.PAID;
import static coop.litang.cooplive.ordering.OrderStatus.PENDING_PAYMENT;
import static coop.litang.cooplive.ordering.OrderStatus.REFUNDED;
import static coop.litang.cooplive.ordering.OrderStatus.SHIPPED;

/**
 * An order's life: its lines, buyer and totals, where it stands ({@link OrderStatus}) and
 * what was paid and refunded. Immutable: each transition checks the move against
 * {@link OrderStatus}'s graph and its own rules, refuses an illegal one with
 * {@link IllegalOrderTransition} (a refund with a {@link Conflict}), and answers a
 * {@link Change}: the order before and after and what becomes of its units. Nothing is
 * written until {@link Orders#save(Change)}.
 */
final class Order {

	/** What a change does to the order's units. */
	enum StockEffect {

		/** Nothing. */
		NONE,
		/** The held units are sold. */
		SELL,
		/** The held units are freed for other buyers. */
		RELEASE,
		/** An expired order's units are taken again, then sold. */
		RETAKE_AND_SELL,
		/**
		 * A pay-to-claim order's units are taken now, then sold; when they are gone the
		 * use case is undone and the order closed unclaimed.
		 */
		TAKE_AND_SELL,
		/** Sold units that never left the cooperative go back to stock. */
		RETURN

	}

	/**
	 * A transition's result.
	 *
	 * @param before the order as it was read
	 * @param after the order as it is to be saved
	 * @param stock what becomes of its units
	 */
	record Change(Order before, Order after, StockEffect stock) {

		/** Whether anything is to be saved. */
		boolean changes() {
			return this.before != this.after;
		}

	}

	private final OrderId id;

	private final OrderChannel channel;

	private final UUID sessionId;

	private final UUID hostMemberId;

	private final Buyer buyer;

	private final List<OrderLine> lines;

	private final long totalFen;

	private final PaymentMethod paymentMethod;

	private final boolean claimsOnPayment;

	private final Instant createdAt;

	private final Instant expiresAt;

	private final OrderStatus status;

	private final String paymentReference;

	private final Instant paidAt;

	private final String paidBy;

	private final Shipment shipment;

	private final Instant deliveredAt;

	private final Instant cancelledAt;

	private final Instant expiredAt;

	private final Instant refundedAt;

	private final long refundedFen;

	private final long refundPendingFen;

	private final CloseReason closeReason;

	/** Why an order closed without anyone closing it. */
	enum CloseReason {

		/**
		 * A pay-to-claim order's payment came after its item sold out; it is refunded.
		 */
		SOLD_OUT_BEFORE_PAYMENT

	}

	/**
	 * How an order left: by which carrier, under which number, when.
	 *
	 * @param carrier the carrier
	 * @param trackingNumber the carrier's number
	 * @param at when it was shipped
	 */
	record Shipment(String carrier, String trackingNumber, Instant at) {
	}

	/** An order's facts as stored, for {@link Orders} to rebuild it. */
	record Facts(OrderId id, OrderChannel channel, UUID sessionId, UUID hostMemberId, Buyer buyer,
			List<OrderLine> lines, long totalFen, PaymentMethod paymentMethod, boolean claimsOnPayment,
			Instant createdAt, Instant expiresAt, OrderStatus status, String paymentReference, Instant paidAt,
			String paidBy, Shipment shipment, Instant deliveredAt, Instant cancelledAt, Instant expiredAt,
			Instant refundedAt, long refundedFen, long refundPendingFen, CloseReason closeReason) {

		Facts withLines(List<OrderLine> stored) {
			return new Facts(this.id, this.channel, this.sessionId, this.hostMemberId, this.buyer, stored,
					this.totalFen, this.paymentMethod, this.claimsOnPayment, this.createdAt, this.expiresAt,
					this.status, this.paymentReference, this.paidAt, this.paidBy, this.shipment, this.deliveredAt,
					this.cancelledAt, this.expiredAt, this.refundedAt, this.refundedFen, this.refundPendingFen,
					this.closeReason);
		}

	}

	private Order(Facts facts) {
		this.id = Objects.requireNonNull(facts.id());
		this.channel = Objects.requireNonNull(facts.channel());
		this.sessionId = facts.sessionId();
		this.hostMemberId = facts.hostMemberId();
		this.buyer = Objects.requireNonNull(facts.buyer());
		this.lines = List.copyOf(facts.lines());
		this.totalFen = facts.totalFen();
		this.paymentMethod = Objects.requireNonNull(facts.paymentMethod());
		this.claimsOnPayment = facts.claimsOnPayment();
		this.createdAt = Objects.requireNonNull(facts.createdAt());
		this.expiresAt = Objects.requireNonNull(facts.expiresAt());
		this.status = Objects.requireNonNull(facts.status());
		this.paymentReference = facts.paymentReference();
		this.paidAt = facts.paidAt();
		this.paidBy = facts.paidBy();
		this.shipment = facts.shipment();
		this.deliveredAt = facts.deliveredAt();
		this.cancelledAt = facts.cancelledAt();
		this.expiredAt = facts.expiredAt();
		this.refundedAt = facts.refundedAt();
		this.refundedFen = facts.refundedFen();
		this.refundPendingFen = facts.refundPendingFen();
		this.closeReason = facts.closeReason();
		if ((this.channel == OrderChannel.SESSION) != (this.sessionId != null)) {
			throw new IllegalArgumentException("a session order, and only one, names its session");
		}
		if (this.refundedFen < 0 || this.refundPendingFen < 0
				|| this.refundedFen + this.refundPendingFen > this.totalFen) {
			throw new IllegalArgumentException("refunds stay within the order's total");
		}
	}

	/** An order as stored. */
	static Order of(Facts facts) {
		return new Order(facts);
	}

	/**
	 * A new order awaiting payment, holding its lines' units for {@code hold}.
	 * @param paymentNote for an order paid offline, how it is to be paid
	 */
	static Order place(OrderId id, OrderChannel channel, UUID sessionId, UUID hostMemberId, Buyer buyer,
			List<OrderLine> lines, PaymentMethod method, String paymentNote, Instant at, Duration hold) {
		return place(id, channel, sessionId, hostMemberId, buyer, lines, method, paymentNote, at, hold, false);
	}

	/**
	 * A new order awaiting payment; pay-to-claim, it holds nothing, and its units are
	 * taken when it is paid (first paid, first served).
	 * @param claimsOnPayment whether it is pay-to-claim: a buyer's card order only
	 */
	static Order place(OrderId id, OrderChannel channel, UUID sessionId, UUID hostMemberId, Buyer buyer,
			List<OrderLine> lines, PaymentMethod method, String paymentNote, Instant at, Duration hold,
			boolean claimsOnPayment) {
		if (claimsOnPayment && (method != PaymentMethod.CARD || hostMemberId != null)) {
			throw new IllegalArgumentException("only a buyer's card order claims its units on payment");
		}
		if (lines.isEmpty()) {
			throw new IllegalArgumentException("an order has lines");
		}
		long total = 0;
		for (OrderLine line : lines) {
			total = Math.addExact(total, line.totalFen());
		}
		return new Order(new Facts(id, channel, sessionId, hostMemberId, buyer, lines, total, method, claimsOnPayment,
				at, at.plus(hold), PENDING_PAYMENT, method.offline() ? paymentNote : null, null, null, null, null, null,
				null, null, 0, 0, null));
	}

	// transitions

	/**
	 * A card payment of an unpaid order: paid, its held units sold (pay-to-claim: taken
	 * now, then sold).
	 */
	Change markPaid(String reference, Instant at) {
		requireMove(PAID, this.status == PENDING_PAYMENT);
		return change(next(PAID).paid(reference, at), paidUnits());
	}

	// what paying does to the units: held ones are sold, a pay-to-claim order's are taken
	private StockEffect paidUnits() {
		return this.claimsOnPayment ? StockEffect.TAKE_AND_SELL : StockEffect.SELL;
	}

	// what closing unpaid does to them: held ones are freed, a pay-to-claim order has
	// none
	private StockEffect unpaidUnits() {
		return this.claimsOnPayment ? StockEffect.NONE : StockEffect.RELEASE;
	}

	/**
	 * A card payment that arrived after the hold ran out: paid again, its units taken
	 * again (the use case is undone when they are gone).
	 */
	Change revive(String reference, Instant at) {
		requireMove(PAID, this.status == EXPIRED);
		return change(next(PAID).paid(reference, at), StockEffect.RETAKE_AND_SELL);
	}

	/**
	 * A card payment of the order's total: {@link #markPaid} an unpaid order,
	 * {@link #revive} an expired one; any other is not taken.
	 */
	Change payByCard(String reference, Instant at) {
		return (this.status == EXPIRED) ? revive(reference, at) : markPaid(reference, at);
	}

	/**
	 * A payment made in cash, by bank or mobile transfer, recorded by a host or admin. A
	 * host may record one only for an order paid offline or on delivery: a card order is
	 * paid through the card provider, and only an admin may say it was paid another way.
	 * @param by who recorded it
	 * @param byAdmin whether they are an admin
	 * @throws Forbidden {@code PAID_BY_CARD} for a card order recorded by a host
	 */
	Change markPaidOffline(String reference, String by, boolean byAdmin, Instant at) {
		requireMove(PAID, this.status == PENDING_PAYMENT);
		if (!byAdmin && !this.paymentMethod.offline()) {
			throw new Forbidden("PAID_BY_CARD",
					"order " + this.id.value() + " is paid by card; only an admin may record another payment for it",
					null);
		}
		return change(next(PAID).paid(reference, at).recordedBy(by), paidUnits());
	}

	/** Shipped: a paid order, or a cash on delivery order before it is paid. */
	Change ship(String carrier, String trackingNumber, Instant at) {
		requireMove(SHIPPED, this.status == PAID
				|| (this.status == PENDING_PAYMENT && this.paymentMethod == PaymentMethod.CASH_ON_DELIVERY));
		return change(next(SHIPPED).shipped(new Shipment(carrier, trackingNumber, at)), StockEffect.NONE);
	}

	/**
	 * Delivered. A cash on delivery order shipped unpaid is paid now, with the cash
	 * reference (or "cash on delivery"), and its held units are sold.
	 * @param by who recorded the delivery, and so the cash
	 */
	Change deliver(String cashReference, String by, Instant at) {
		requireMove(DELIVERED, this.status == SHIPPED);
		if (this.paidAt != null) {
			return change(next(DELIVERED).delivered(at), StockEffect.NONE);
		}
		String reference = (cashReference != null && !cashReference.isBlank()) ? cashReference.strip()
				: "cash on delivery";
		return change(next(DELIVERED).delivered(at).paid(reference, at).recordedBy(by), StockEffect.SELL);
	}

	/** Cancelled before payment: its held units are freed. */
	Change cancel(Instant at) {
		requireMove(CANCELLED, this.status == PENDING_PAYMENT);
		return change(next(CANCELLED).cancelled(at), unpaidUnits());
	}

	/** Expired: unpaid when its hold ran out; its held units are freed. */
	Change expire(Instant at) {
		requireMove(EXPIRED, this.status == PENDING_PAYMENT && !this.expiresAt.isAfter(at));
		return change(next(EXPIRED).expired(at), unpaidUnits());
	}

	/**
	 * A pay-to-claim order whose payment came when its units were gone: an unpaid one is
	 * cancelled, an expired one stays expired, and either says why (the payment is
	 * refunded). Nothing changes for an order that held its units.
	 */
	Change closeUnclaimed(Instant at) {
		if (!this.claimsOnPayment || this.closeReason != null) {
			// it held its units (an expired one whose units are gone stays as it is), or
			// it was closed so before
			return new Change(this, this, StockEffect.NONE);
		}
		if (this.status == EXPIRED) {
			return change(next(EXPIRED).closed(CloseReason.SOLD_OUT_BEFORE_PAYMENT), StockEffect.NONE);
		}
		requireMove(CANCELLED, this.status == PENDING_PAYMENT);
		return change(next(CANCELLED).cancelled(at).closed(CloseReason.SOLD_OUT_BEFORE_PAYMENT), StockEffect.NONE);
	}

	/**
	 * A refund asked of the payment provider, held against the order until it is settled:
	 * refunds held at once can never add up to more than was paid.
	 * @throws Conflict {@code ORDER_NOT_REFUNDABLE} unless paid, shipped or delivered;
	 * {@code REFUND_EXCEEDS_PAYMENT} when more than what is left would be refunded
	 */
	Change holdRefund(long amountFen) {
		if (this.paidAt == null || !this.status.keepsPayment()) {
			throw new Conflict("ORDER_NOT_REFUNDABLE", "only a paid order can be refunded; this one is " + this.status);
		}
		if (amountFen < 1 || amountFen > refundableFen()) {
			throw new Conflict("REFUND_EXCEEDS_PAYMENT",
					"at most " + refundableFen() + " fen of this order can still be refunded", "amountFen");
		}
		return change(next(this.status).refunds(this.refundedFen, this.refundPendingFen + amountFen), StockEffect.NONE);
	}

	/**
	 * A held refund settled: refunded when it succeeded, freed when it failed. Refunded
	 * in full, the order becomes {@code REFUNDED}, and one not shipped yet returns its
	 * units to stock.
	 */
	Change settleRefund(long amountFen, boolean succeeded, Instant at) {
		if (amountFen < 1 || amountFen > this.refundPendingFen) {
			throw new IllegalStateException(
					"order " + this.id + " holds " + this.refundPendingFen + " fen of refunds, not " + amountFen);
		}
		return refundedInFull(next(this.status).refunds(this.refundedFen + (succeeded ? amountFen : 0),
				this.refundPendingFen - amountFen), at);
	}

	/**
	 * What the payment provider reports refunded for the payment, of which what this
	 * order does not know yet (refunds made in the provider's dashboard) is recorded as
	 * refunded; nothing changes for another payment or when nothing is new.
	 */
	Change refundedAtProvider(String reference, long reportedFen, Instant at) {
		long known = reportedFen - this.refundPendingFen;
		if (this.paidAt == null || !Objects.equals(this.paymentReference, reference) || known <= this.refundedFen) {
			return new Change(this, this, StockEffect.NONE);
		}
		long refunded = Math.min(this.totalFen - this.refundPendingFen, known);
		return refundedInFull(next(this.status).refunds(refunded, this.refundPendingFen), at);
	}

	// refunded in full, an order is REFUNDED; one not shipped yet returns its units
	private Change refundedInFull(Next settled, Instant at) {
		if (settled.refundedFen < this.totalFen || this.status == REFUNDED) {
			return change(settled, StockEffect.NONE);
		}
		requireMove(REFUNDED, true);
		StockEffect stock = (this.status == PAID) ? StockEffect.RETURN : StockEffect.NONE;
		return change(settled.refunded(at), stock);
	}

	private void requireMove(OrderStatus to, boolean allowedHere) {
		if (!allowedHere || !this.status.canMoveTo(to)) {
			throw new IllegalOrderTransition(this.id.value(), this.status, to);
		}
	}

	private Change change(Next next, StockEffect stock) {
		return new Change(this, next.order(), stock);
	}

	private Next next(OrderStatus status) {
		return new Next(status);
	}

	// this order's changing facts, copied and changed into the next state
	private final class Next {

		private OrderStatus status;

		private String paymentReference = Order.this.paymentReference;

		private Instant paidAt = Order.this.paidAt;

		private String paidBy = Order.this.paidBy;

		private Shipment shipment = Order.this.shipment;

		private Instant deliveredAt = Order.this.deliveredAt;

		private Instant cancelledAt = Order.this.cancelledAt;

		private Instant expiredAt = Order.this.expiredAt;

		private Instant refundedAt = Order.this.refundedAt;

		private long refundedFen = Order.this.refundedFen;

		private long refundPendingFen = Order.this.refundPendingFen;

		private CloseReason closeReason = Order.this.closeReason;

		Next(OrderStatus status) {
			this.status = status;
		}

		Next paid(String reference, Instant at) {
			this.paymentReference = reference;
			this.paidAt = at;
			return this;
		}

		Next recordedBy(String user) {
			this.paidBy = user;
			return this;
		}

		Next shipped(Shipment shipped) {
			this.shipment = shipped;
			return this;
		}

		Next delivered(Instant at) {
			this.deliveredAt = at;
			return this;
		}

		Next cancelled(Instant at) {
			this.cancelledAt = at;
			return this;
		}

		Next expired(Instant at) {
			this.expiredAt = at;
			return this;
		}

		Next refunds(long refunded, long pending) {
			this.refundedFen = refunded;
			this.refundPendingFen = pending;
			return this;
		}

		Next closed(CloseReason reason) {
			this.closeReason = reason;
			return this;
		}

		Next refunded(Instant at) {
			this.status = REFUNDED;
			this.refundedAt = at;
			return this;
		}

		Order order() {
			return new Order(new Facts(Order.this.id, Order.this.channel, Order.this.sessionId, Order.this.hostMemberId,
					Order.this.buyer, Order.this.lines, Order.this.totalFen, Order.this.paymentMethod,
					Order.this.claimsOnPayment, Order.this.createdAt, Order.this.expiresAt, this.status,
					this.paymentReference, this.paidAt, this.paidBy, this.shipment, this.deliveredAt, this.cancelledAt,
					this.expiredAt, this.refundedAt, this.refundedFen, this.refundPendingFen, this.closeReason));
		}

	}

	// reading

	OrderId id() {
		return this.id;
	}

	OrderChannel channel() {
		return this.channel;
	}

	UUID sessionId() {
		return this.sessionId;
	}

	UUID hostMemberId() {
		return this.hostMemberId;
	}

	Buyer buyer() {
		return this.buyer;
	}

	List<OrderLine> lines() {
		return this.lines;
	}

	long totalFen() {
		return this.totalFen;
	}

	PaymentMethod paymentMethod() {
		return this.paymentMethod;
	}

	/**
	 * Whether it is pay-to-claim: its units are taken when it is paid, not held before.
	 */
	boolean claimsOnPayment() {
		return this.claimsOnPayment;
	}

	/** Why it closed without anyone closing it, or {@code null}. */
	CloseReason closeReason() {
		return this.closeReason;
	}

	Instant createdAt() {
		return this.createdAt;
	}

	Instant expiresAt() {
		return this.expiresAt;
	}

	OrderStatus status() {
		return this.status;
	}

	String paymentReference() {
		return this.paymentReference;
	}

	Instant paidAt() {
		return this.paidAt;
	}

	/**
	 * Who recorded a payment made offline or on delivery; {@code null} for card payments.
	 */
	String paidBy() {
		return this.paidBy;
	}

	/**
	 * Whether the change ends a buyer's own unpaid order, which then stops counting
	 * against the buyer's unpaid orders.
	 */
	boolean endsUnpaid(Order before) {
		return before.status == PENDING_PAYMENT && this.status != PENDING_PAYMENT && this.hostMemberId == null;
	}

	Shipment shipment() {
		return this.shipment;
	}

	Instant deliveredAt() {
		return this.deliveredAt;
	}

	Instant cancelledAt() {
		return this.cancelledAt;
	}

	Instant expiredAt() {
		return this.expiredAt;
	}

	Instant refundedAt() {
		return this.refundedAt;
	}

	long refundedFen() {
		return this.refundedFen;
	}

	long refundPendingFen() {
		return this.refundPendingFen;
	}

	/**
	 * What can still be refunded: the total less what was refunded or is being refunded.
	 */
	long refundableFen() {
		return this.totalFen - this.refundedFen - this.refundPendingFen;
	}

	/** The order as its buyer, host or an admin sees it (without its access token). */
	OrderView view() {
		return new OrderView(this.id.value(), null, this.status, this.channel, this.sessionId, this.buyer,
				this.lines.stream().map(OrderLine::view).toList(), this.totalFen, this.paymentMethod,
				this.claimsOnPayment, this.paymentReference, this.createdAt, this.expiresAt, this.paidAt, this.paidBy,
				(this.shipment != null) ? this.shipment.carrier() : null,
				(this.shipment != null) ? this.shipment.trackingNumber() : null, this.refundedFen,
				this.refundPendingFen, (this.closeReason != null) ? this.closeReason.name() : null);
	}

	@Override
	public String toString() {
		return "Order[" + this.id + ", " + this.status + "]";
	}

}
