package coop.litang.cooplive.payments;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import coop.litang.cooplive.ordering.OrderManagement;
import coop.litang.cooplive.ordering.OrderManagement.CardPaymentOutcome;
import coop.litang.cooplive.ordering.OrderStatus;
import coop.litang.cooplive.ordering.OrderView;
import coop.litang.cooplive.ordering.PaymentMethod;
import coop.litang.cooplive.payments.PaymentProvider.ProviderPayment;
import coop.litang.cooplive.payments.ProviderEvent.ChargeRefunded;
import coop.litang.cooplive.payments.ProviderEvent.OtherApiVersion;
import coop.litang.cooplive.payments.ProviderEvent.PaymentFailed;
import coop.litang.cooplive.payments.ProviderEvent.PaymentSucceeded;
import coop.litang.cooplive.payments.ProviderEvent.Unhandled;
import coop.litang.cooplive.shared.Actor;
import coop.litang.cooplive.shared.Conflict;
import coop.litang.cooplive.shared.Idempotency;
import coop.litang.cooplive.shared.InvalidInput;
import coop.litang.cooplive.shared.NotFound;
import coop.litang.cooplive.shared.Page;
import coop.litang.cooplive.shared.PageQuery;
import coop.litang.cooplive.shared.RequestIds;
import coop.litang.cooplive.shared.Unavailable;
import coop.litang.cooplive.shared.Unprocessable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

import static coop.litang.cooplive.payments.WebhookOutcome.APPLIED;
import static coop.litang.cooplive.payments.WebhookOutcome.DUPLICATE;
import static coop.litang.cooplive.payments.WebhookOutcome.FLAGGED;
import static coop.litang.cooplive.payments.WebhookOutcome.IGNORED;

/**
 * The payments module's API: card payments through the {@link PaymentProvider}, Stripe's
 * webhook events applied exactly once, refunds that never exceed what was paid, and
 * reconciliation with Stripe for events that never arrived.
 */
@Service
public class PaymentManagement {

	private static final Logger log = LoggerFactory.getLogger(PaymentManagement.class);

	static final String ACTOR = "system:payments";

	static final String PAYMENT_KIND = "payment_intent.succeeded";

	private static final String STOCK_GONE = "its units were gone when the payment came (its hold expired, or "
			+ "its pay-to-claim item sold out)";

	private static final Duration RETRY_SOON = Duration.ofSeconds(5);

	private final Payments payments;

	private final Refunds refunds;

	private final PaymentFlags flags;

	private final RefundSettlement settlement;

	private final PaymentProvider provider;

	private final WebhookEvents webhooks;

	private final OrderManagement orders;

	private final TransactionalOperator transactions;

	private final StripeSettings settings;

	private final PaymentMetrics metrics;

	private final Clock clock;

	PaymentManagement(Payments payments, Refunds refunds, PaymentFlags flags, RefundSettlement settlement,
			PaymentProvider provider, WebhookEvents webhooks, OrderManagement orders,
			TransactionalOperator transactions, StripeSettings settings, PaymentMetrics metrics, Clock clock) {
		this.payments = payments;
		this.refunds = refunds;
		this.flags = flags;
		this.settlement = settlement;
		this.provider = provider;
		this.webhooks = webhooks;
		this.orders = orders;
		this.transactions = transactions;
		this.settings = settings;
		this.metrics = metrics;
		this.clock = clock;
	}

	// card payments

	/**
	 * The card payment of an unpaid order for the buyer holding its access token: the
	 * order's PaymentIntent, created at Stripe on the first call and the same one after.
	 * @throws NotFound for an unknown order or a wrong token, alike
	 * @throws Conflict {@code ORDER_NOT_PAYABLE} unless the order is
	 * {@code PENDING_PAYMENT}
	 * @throws Unavailable {@code CARD_PAYMENTS_NOT_CONFIGURED} without a Stripe key,
	 * {@code PAYMENT_PROVIDER_UNAVAILABLE} when Stripe cannot be reached; the order is
	 * kept either way
	 */
	public Mono<CardPaymentView> startCardPayment(UUID orderId, String accessToken) {
		return this.orders.orderForBuyerToChange(orderId, accessToken).flatMap((order) -> {
			if (order.status() != OrderStatus.PENDING_PAYMENT) {
				return Mono.error(new Conflict("ORDER_NOT_PAYABLE",
						"only an unpaid order can be paid; this one is " + order.status()));
			}
			if (!this.provider.configured()) {
				return Mono
					.error(new Unavailable("CARD_PAYMENTS_NOT_CONFIGURED", "card payments are not configured", null));
			}
			return this.payments.intentOf(orderId)
				.filter((existing) -> !"canceled".equals(existing.status()))
				.doOnNext((existing) -> this.metrics.intent("reused"))
				.switchIfEmpty(Mono.defer(() -> createIntent(order)))
				.map(this::view);
		});
	}

	private Mono<Payments.Intent> createIntent(OrderView order) {
		// a PaymentIntent cancelled at Stripe cannot be paid: the next one gets a key of
		// its own
		Mono<String> key = this.payments.intentOf(order.id())
			.map((cancelled) -> "cooplive-order-" + order.id() + "-after-" + cancelled.stripeId())
			.defaultIfEmpty("cooplive-order-" + order.id());
		return key
			.flatMap((idempotencyKey) -> this.provider.createIntent(order.id(), order.totalFen(),
					this.settings.currency(), this.settings.paymentMethodTypes(), idempotencyKey))
			.onErrorMap(PaymentProvider.ProviderUnavailable.class, (ex) -> new Unavailable(
					"PAYMENT_PROVIDER_UNAVAILABLE",
					"the card payment provider cannot be reached right now; the order is kept, try again shortly",
					RETRY_SOON))
			.onErrorMap(PaymentProvider.ProviderRefused.class, (ex) -> {
				log.error("Stripe refused a PaymentIntent for order {}: {}", order.id(), ex.getMessage());
				return new Unavailable("PAYMENT_PROVIDER_REFUSED", "the card payment provider refused the payment",
						null);
			})
			.doOnError((ex) -> this.metrics.intent("failed"))
			.flatMap((intent) -> storeIntent(order.id(), intent));
	}

	private Mono<Payments.Intent> storeIntent(UUID orderId, PaymentProvider.ProviderIntent intent) {
		Instant now = now();
		Mono<Payments.Intent> store = this.payments.intentOf(orderId)
			.flatMap((previous) -> "canceled".equals(previous.status())
					? this.payments.replaceCancelledIntent(orderId, previous.stripeId(), intent, now) : Mono.just(0L))
			.switchIfEmpty(this.payments.insertIntent(orderId, intent, now))
			.then(this.payments.intentOf(orderId));
		return this.transactions.transactional(store)
			.doOnNext((stored) -> this.metrics.intent(stored.stripeId().equals(intent.id()) ? "created" : "reused"));
	}

	private CardPaymentView view(Payments.Intent intent) {
		return new CardPaymentView(intent.orderId(), intent.stripeId(), intent.clientSecret(), intent.amountFen(),
				intent.currency(), this.settings.paymentMethodTypes(), intent.status());
	}

	// webhooks

	/**
	 * The answer to a webhook delivery: 200 whenever the event is understood, whether it
	 * was applied now, before, or no longer fits.
	 *
	 * @param eventId the event
	 * @param outcome {@code applied}, {@code duplicate}, {@code ignored} or
	 * {@code flagged}
	 * @param detail what happened, for Stripe's delivery log
	 */
	public record WebhookAnswer(String eventId, String outcome, String detail) {

		static WebhookAnswer of(String eventId, WebhookOutcome outcome, String detail) {
			return new WebhookAnswer(eventId, outcome.value(), detail);
		}

	}

	private record Applied(UUID orderId, WebhookOutcome outcome, String detail, UUID refundId) {

		static final Applied NO_ORDER = of(null, IGNORED, "no order for this payment");

		static Applied of(UUID orderId, WebhookOutcome outcome, String detail) {
			return new Applied(orderId, outcome, detail, null);
		}

	}

	/**
	 * Verifies and applies one webhook delivery.
	 * @throws InvalidInput naming {@code Stripe-Signature} when the signature is missing,
	 * wrong or stale; nothing changes
	 * @throws Unprocessable {@code STRIPE_API_VERSION_MISMATCH} for an event rendered
	 * with another API version than the one this service reads
	 */
	public Mono<WebhookAnswer> receiveWebhook(String payload, String signatureHeader) {
		return Mono.deferContextual((request) -> receiveWebhook(payload, signatureHeader, request));
	}

	private Mono<WebhookAnswer> receiveWebhook(String payload, String signatureHeader, ContextView request) {
		ProviderEvent event;
		try {
			event = this.webhooks.verify(payload, signatureHeader);
		}
		catch (WebhookEvents.Refused ex) {
			this.metrics.signatureFailure(ex.reason());
			RequestIds.log(request, () -> log.warn("webhook refused: {}", ex.getMessage()));
			return Mono.error(new InvalidInput("Stripe-Signature", ex.getMessage()));
		}
		if (event instanceof OtherApiVersion other) {
			this.metrics.webhookOfOtherApiVersion(other.type());
			RequestIds.log(request,
					() -> log.warn(
							"Stripe event {} ({}) has API version {} but this service reads {}: create the "
									+ "webhook endpoint with API version {}",
							other.id(), other.type(), other.apiVersion(), StripeApi.VERSION, StripeApi.VERSION));
			return Mono.error(new Unprocessable("STRIPE_API_VERSION_MISMATCH",
					"this endpoint reads events of Stripe API version " + StripeApi.VERSION + ", the event has "
							+ other.apiVersion() + "; create the webhook endpoint with version " + StripeApi.VERSION));
		}
		return apply(event).doOnNext((applied) -> {
			this.metrics.webhook(event.type(), applied.outcome());
			RequestIds.log(request, () -> log.info("Stripe event {} ({}): {}, {}", event.id(), event.type(),
					applied.outcome().value(), applied.detail()));
		})
			.doOnError((ex) -> this.metrics.webhookFailed(event.type()))
			.map((applied) -> WebhookAnswer.of(event.id(), applied.outcome(), applied.detail()));
	}

	private Mono<Applied> apply(ProviderEvent event) {
		if (event instanceof PaymentSucceeded succeeded) {
			ProviderPayment payment = succeeded.payment();
			return once(event, succeeded(payment)).onErrorResume(Conflict.class,
					(gone) -> once(event, refundDue(payment, STOCK_GONE)));
		}
		if (event instanceof PaymentFailed failed) {
			return once(event, notPaid(failed.payment()));
		}
		if (event instanceof ChargeRefunded refunded) {
			return once(event, chargeRefunded(refunded));
		}
		// events of another API version were refused before: what is left is not acted on
		return once(event, ignored(((Unhandled) event).why()));
	}

	// each event id is claimed in the transaction that applies it: a second delivery
	// waits for the first and then finds the id taken
	private Mono<Applied> once(ProviderEvent event, Mono<Applied> work) {
		Mono<Applied> claimed = this.payments.claimEvent(event.id(), event.type(), event.objectId(), now())
			.flatMap((rows) -> (rows == 0) ? Mono.just(Applied.of(null, DUPLICATE, "event applied before"))
					: work.flatMap((applied) -> this.payments
						.eventOutcome(event.id(), applied.orderId(), applied.outcome(), applied.detail())
						.thenReturn(applied)));
		return this.transactions.transactional(claimed).doOnNext(this::refundInBackground);
	}

	private static Mono<Applied> ignored(String detail) {
		return Mono.just(Applied.of(null, IGNORED, detail));
	}

	private Mono<UUID> orderOf(ProviderPayment payment) {
		return this.payments.intentByStripeId(payment.intentId())
			.map(Payments.Intent::orderId)
			.switchIfEmpty(Mono.justOrEmpty(payment.orderId()));
	}

	private Mono<OrderView> orderPaidBy(ProviderPayment payment) {
		return orderOf(payment)
			.flatMap((orderId) -> this.orders.order(orderId).onErrorResume(NotFound.class, (ex) -> Mono.empty()));
	}

	// a succeeded payment, in the caller's transaction: recorded once per PaymentIntent;
	// the order paid when amount and currency match, flagged when they do not, refunded
	// when the order cannot take it. A Conflict means the expired order's stock is gone:
	// the caller undoes the transaction and records the refund instead.
	private Mono<Applied> succeeded(ProviderPayment payment) {
		return orderPaidBy(payment).flatMap((order) -> {
			Instant now = now();
			if (payment.amountFen() != order.totalFen()
					|| !this.settings.currency().equalsIgnoreCase(payment.currency())) {
				return mismatch(order, payment, now);
			}
			return this.payments
				.insertPayment(order.id(), payment.intentId(), PAYMENT_KIND, payment.amountFen(), payment.currency(),
						"PAID", now)
				.flatMap((rows) -> (rows == 0) ? Mono.just(Applied.of(order.id(), DUPLICATE, "payment applied before"))
						: this.orders.applyCardPayment(order.id(), payment.intentId(), ACTOR)
							.flatMap((outcome) -> taken(order, payment, outcome, now)))
				.flatMap((applied) -> this.payments.updateIntent(payment.intentId(), "succeeded", true, now)
					.thenReturn(applied));
		}).defaultIfEmpty(Applied.NO_ORDER);
	}

	private Mono<Applied> taken(OrderView order, ProviderPayment payment, CardPaymentOutcome outcome, Instant now) {
		return switch (outcome) {
			case PAID -> Mono.just(Applied.of(order.id(), APPLIED, "order paid"));
			case REVIVED -> this.payments.paymentOutcome(payment.intentId(), PAYMENT_KIND, "REVIVED")
				.thenReturn(Applied.of(order.id(), APPLIED, "expired order revived and paid"));
			case NOT_TAKEN -> this.payments.paymentOutcome(payment.intentId(), PAYMENT_KIND, "REFUND_DUE")
				.then(automaticRefund(order.id(), payment,
						"payment for an order that is " + order.status() + ": returned to the buyer", now))
				.map((refundId) -> new Applied(order.id(), APPLIED, "order is " + order.status() + ": payment refunded",
						refundId));
		};
	}

	private Mono<Applied> mismatch(OrderView order, ProviderPayment payment, Instant now) {
		String reason = this.settings.currency().equalsIgnoreCase(payment.currency()) ? "AMOUNT_MISMATCH"
				: "CURRENCY_MISMATCH";
		return this.payments
			.insertPayment(order.id(), payment.intentId(), PAYMENT_KIND, payment.amountFen(), payment.currency(),
					"MISMATCH", now)
			.flatMap((rows) -> {
				if (rows == 0) {
					return Mono.just(Applied.of(order.id(), DUPLICATE, "payment flagged before"));
				}
				log.warn("payment {} for order {} received {} {} but the order is {} {}: flagged for an admin",
						payment.intentId(), order.id(), payment.amountFen(), payment.currency(), order.totalFen(),
						this.settings.currency());
				this.metrics.mismatch();
				return this.flags
					.insert(order.id(), payment.intentId(), reason, order.totalFen(), this.settings.currency(),
							payment.amountFen(), payment.currency(), now)
					.then(this.payments.updateIntent(payment.intentId(), "succeeded", true, now))
					.thenReturn(Applied.of(order.id(), FLAGGED, reason + ": order not marked paid"));
			});
	}

	// the money came for an order that cannot take it: recorded and returned
	private Mono<Applied> refundDue(ProviderPayment payment, String why) {
		return orderOf(payment).flatMap((orderId) -> {
			Instant now = now();
			return this.payments
				.insertPayment(orderId, payment.intentId(), PAYMENT_KIND, payment.amountFen(), payment.currency(),
						"REFUND_DUE", now)
				.flatMap((rows) -> (rows == 0) ? Mono.just(Applied.of(orderId, DUPLICATE, "payment applied before"))
						: this.payments.updateIntent(payment.intentId(), "succeeded", true, now)
							// a pay-to-claim order says why it was not taken
							.then(this.orders.closeUnclaimed(orderId, ACTOR))
							.then(automaticRefund(orderId, payment, why, now))
							.map((refundId) -> new Applied(orderId, APPLIED, why + ": payment refunded", refundId)));
		}).defaultIfEmpty(Applied.NO_ORDER);
	}

	private Mono<UUID> automaticRefund(UUID orderId, ProviderPayment payment, String reason, Instant now) {
		Refund refund = Refund.automatic(orderId, payment.intentId(), payment.amountFen(), reason, now);
		log.warn("payment {} for order {} is refunded automatically: {}", payment.intentId(), orderId, reason);
		return this.refunds.insert(refund).thenReturn(refund.id());
	}

	private Mono<Applied> notPaid(ProviderPayment payment) {
		return orderPaidBy(payment)
			.flatMap(
					(order) -> this.payments.updateIntent(payment.intentId(), payment.status(), false, now())
						.thenReturn((order.status() == OrderStatus.PENDING_PAYMENT)
								? Applied.of(order.id(), APPLIED,
										"payment " + payment.status() + "; the order stays payable until "
												+ order.expiresAt())
								: Applied.of(order.id(), IGNORED, "order is " + order.status())))
			.defaultIfEmpty(Applied.NO_ORDER);
	}

	// a refund seen at Stripe: refunds made in Stripe's dashboard are recorded on the
	// order. A refund event can overtake the payment's own event: the payment is applied
	// first then.
	private Mono<Applied> chargeRefunded(ChargeRefunded refunded) {
		ProviderPayment payment = refunded.payment();
		String intentId = payment.intentId();
		return this.payments.intentByStripeId(intentId).flatMap((intent) -> {
			Mono<Applied> paidFirst = this.payments.paymentOf(intentId, PAYMENT_KIND)
				.map((outcome) -> Applied.of(intent.orderId(), APPLIED, "payment applied before"))
				.switchIfEmpty(Mono.defer(() -> succeeded(payment)));
			return paidFirst
				.then(this.orders.recordProviderRefunds(intent.orderId(), intentId, refunded.refundedFen(), ACTOR))
				.flatMap((added) -> (added == 0) ? Mono.just(Applied.of(intent.orderId(), APPLIED, "refund known"))
						: externalRefund(intent.orderId(), intentId, added));
		}).defaultIfEmpty(Applied.NO_ORDER);
	}

	private Mono<Applied> externalRefund(UUID orderId, String intentId, long amountFen) {
		Refund refund = Refund.external(orderId, intentId, amountFen, now());
		this.metrics.refund(RefundTrigger.EXTERNAL, RefundStatus.SUCCEEDED, amountFen);
		return this.refunds.insert(refund)
			.then(this.refunds.settle(refund.succeeded(null, refund.createdAt())))
			.thenReturn(Applied.of(orderId, APPLIED, amountFen + " fen refunded in Stripe recorded"));
	}

	// refunds

	/**
	 * The result of asking for a refund.
	 *
	 * @param refund the refund
	 * @param created true when this request made it, false when it replayed an earlier
	 * request with the same idempotency key
	 */
	public record RefundResult(RefundView refund, boolean created) {
	}

	/**
	 * Refunds an order's card payment, fully or partly, for an admin or the host of its
	 * session. A retry with the same idempotency key answers the same refund and never
	 * pays out twice; refunds held at the same time can never add up to more than was
	 * paid. A full refund makes the order {@code REFUNDED} and returns an unshipped
	 * order's units to stock.
	 * @throws Conflict {@code NOT_PAID_BY_CARD}, {@code ORDER_NOT_REFUNDABLE},
	 * {@code REFUND_EXCEEDS_PAYMENT}, or {@code REFUND_REFUSED} when Stripe refused it
	 * @throws Unprocessable {@code IDEMPOTENCY_KEY_REUSED} for a key used with another
	 * request
	 */
	public Mono<RefundResult> refund(UUID orderId, RefundRequest request, String idempotencyKey, Actor actor) {
		return Mono.defer(() -> {
			String key = Idempotency.requireKey(idempotencyKey, "refund");
			String hash = hash(request);
			return this.orders.managedOrder(orderId, actor)
				.flatMap((order) -> this.refunds.findByKey(orderId, key)
					.map((existing) -> replay(existing, hash))
					.switchIfEmpty(Mono.defer(() -> freshRefund(order, request, key, hash, actor))));
		}).flatMap((result) -> refusedAsConflict(result));
	}

	private RefundResult replay(Refund existing, String hash) {
		if (!existing.requestHash().equals(hash)) {
			throw new Unprocessable("IDEMPOTENCY_KEY_REUSED", "this Idempotency-Key was used for a different refund");
		}
		return new RefundResult(existing.view(), false);
	}

	private Mono<RefundResult> refusedAsConflict(RefundResult result) {
		if (result.refund().status() == RefundStatus.FAILED) {
			return Mono.error(new Conflict("REFUND_REFUSED",
					"Stripe refused the refund " + result.refund().id() + ": " + result.refund().failure()));
		}
		return Mono.just(result);
	}

	private Mono<RefundResult> freshRefund(OrderView order, RefundRequest request, String key, String hash,
			Actor actor) {
		return this.payments.intentOf(order.id())
			.filter((intent) -> order.paymentMethod() == PaymentMethod.CARD
					&& intent.stripeId().equals(order.paymentReference()))
			.switchIfEmpty(Mono.error(() -> new Conflict("NOT_PAID_BY_CARD",
					"this order was not paid by card; refund it the way it was paid")))
			.flatMap((intent) -> {
				long left = order.totalFen() - order.refundedFen() - order.refundPendingFen();
				long amount = (request.amountFen() != null) ? request.amountFen() : left;
				if (amount <= 0) {
					return Mono.error(new Conflict("REFUND_EXCEEDS_PAYMENT", "nothing is left to refund", "amountFen"));
				}
				Refund refund = Refund.manual(order.id(), intent.stripeId(), amount, request.reason().strip(), key,
						hash, actor.username(), now());
				Mono<Boolean> hold = this.refunds.insert(refund)
					.flatMap((rows) -> (rows == 0) ? Mono.just(false)
							: this.orders.holdRefund(order.id(), amount).thenReturn(true));
				return this.transactions.transactional(hold)
					.flatMap((held) -> held
							? this.settlement.execute(refund).map((view) -> new RefundResult(view, true))
							// the same key won a race: answer as it did
							: this.refunds.findByKey(order.id(), key).map((existing) -> replay(existing, hash)));
			});
	}

	private void refundInBackground(Applied applied) {
		if (applied.refundId() != null) {
			this.settlement.inBackground(applied.refundId());
		}
	}

	/** An order's refunds, newest first, for an admin or the order's host. */
	public Mono<Page<RefundView>> refunds(UUID orderId, Actor actor, PageQuery page) {
		return this.orders.managedOrder(orderId, actor)
			.then(Page.read(this.refunds.ofOrder(orderId, page).map(Refund::view), this.refunds.countOfOrder(orderId),
					page));
	}

	// flags

	/** Payments flagged for an admin: open ones, or resolved ones. */
	public Mono<Page<PaymentFlagView>> flags(boolean open, PageQuery page) {
		return Page.read(this.flags.page(open, page), this.flags.count(open), page);
	}

	/**
	 * Marks a flagged payment resolved with what was done.
	 * @throws Conflict {@code ALREADY_RESOLVED}
	 */
	public Mono<PaymentFlagView> resolveFlag(UUID id, ResolveFlag resolution, Actor actor) {
		return this.flags.find(id)
			.switchIfEmpty(Mono.error(() -> new NotFound("payment flag", id)))
			.flatMap((flag) -> this.flags.resolve(id, resolution.resolution().strip(), actor.username(), now()))
			.flatMap(
					(rows) -> (rows == 0) ? Mono.error(new Conflict("ALREADY_RESOLVED", "the flag was resolved before"))
							: this.flags.find(id));
	}

	// reconciliation

	/**
	 * Asks Stripe about one unsettled PaymentIntent and applies what it says, as its
	 * webhook would have.
	 * @return Stripe's status of it
	 */
	Mono<String> reconcile(Payments.Intent intent) {
		return this.provider.intent(intent.stripeId()).flatMap((current) -> {
			ProviderPayment payment = current.payment();
			Instant now = now();
			if (current.succeeded()) {
				Mono<Applied> apply = this.transactions.transactional(succeeded(payment))
					.onErrorResume(Conflict.class,
							(gone) -> this.transactions.transactional(refundDue(payment, STOCK_GONE)));
				return apply.doOnNext((applied) -> {
					refundInBackground(applied);
					log.info("reconciled payment {}: {}, {}", intent.stripeId(), applied.outcome().value(),
							applied.detail());
				}).thenReturn(current.status());
			}
			boolean settled = "canceled".equals(current.status())
					|| intent.createdAt().isBefore(now.minus(Duration.ofDays(1)));
			return this.payments.updateIntent(intent.stripeId(), current.status(), settled, now)
				.thenReturn(current.status());
		});
	}

	/** Unsettled PaymentIntents old enough to ask Stripe about. */
	Flux<Payments.Intent> intentsToReconcile(int limit) {
		Instant before = now().minus(this.settings.reconcileAfter());
		return this.payments.unsettledIntents(before, before, limit);
	}

	// helpers

	private Instant now() {
		return this.clock.instant();
	}

	private static String hash(RefundRequest request) {
		return Idempotency.sha256(request.amountFen() + "|" + request.reason().strip());
	}

}
