package coop.litang.cooplive.payments;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import com.stripe.model.Charge;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.model.StripeObject;
import coop.litang.cooplive.ordering.OrderManagement;
import coop.litang.cooplive.ordering.OrderManagement.CardPaymentOutcome;
import coop.litang.cooplive.ordering.OrderStatus;
import coop.litang.cooplive.ordering.OrderView;
import coop.litang.cooplive.ordering.PaymentMethod;
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

	private static final Duration RETRY_SOON = Duration.ofSeconds(5);

	private final Payments payments;

	private final PaymentProvider provider;

	private final WebhookEvents webhooks;

	private final OrderManagement orders;

	private final TransactionalOperator transactions;

	private final StripeSettings settings;

	private final PaymentMetrics metrics;

	private final Clock clock;

	PaymentManagement(Payments payments, PaymentProvider provider, WebhookEvents webhooks, OrderManagement orders,
			TransactionalOperator transactions, StripeSettings settings, PaymentMetrics metrics, Clock clock) {
		this.payments = payments;
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
		return this.orders.orderForBuyer(orderId, accessToken).flatMap((order) -> {
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
	}

	private record Applied(UUID orderId, String outcome, String detail, UUID refundId) {

		static Applied of(UUID orderId, String outcome, String detail) {
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
		Event event;
		try {
			event = this.webhooks.verify(payload, signatureHeader);
		}
		catch (WebhookEvents.Refused ex) {
			this.metrics.signatureFailure(ex.reason());
			RequestIds.log(request, () -> log.warn("webhook refused: {}", ex.getMessage()));
			return Mono.error(new InvalidInput("Stripe-Signature", ex.getMessage()));
		}
		String type = String.valueOf(event.getType());
		Optional<StripeObject> object = event.getDataObjectDeserializer().getObject();
		if (object.isEmpty() && !StripeApi.VERSION.equals(event.getApiVersion())) {
			this.metrics.webhook(type, "version_mismatch");
			RequestIds.log(request,
					() -> log.warn(
							"Stripe event {} ({}) has API version {} but this service reads {}: create the "
									+ "webhook endpoint with API version {}",
							event.getId(), type, event.getApiVersion(), StripeApi.VERSION, StripeApi.VERSION));
			return Mono.error(new Unprocessable("STRIPE_API_VERSION_MISMATCH",
					"this endpoint reads events of Stripe API version " + StripeApi.VERSION + ", the event has "
							+ event.getApiVersion() + "; create the webhook endpoint with version "
							+ StripeApi.VERSION));
		}
		return apply(event.getId(), type, object.orElse(null)).doOnNext((answer) -> {
			this.metrics.webhook(type, answer.outcome());
			RequestIds.log(request, () -> log.info("Stripe event {} ({}): {}, {}", answer.eventId(), type,
					answer.outcome(), answer.detail()));
		}).doOnError((ex) -> this.metrics.webhook(type, "error"));
	}

	private Mono<WebhookAnswer> apply(String eventId, String type, StripeObject object) {
		if (object instanceof PaymentIntent intent) {
			Received received = Received.of(intent);
			return switch (type) {
				case "payment_intent.succeeded" -> once(eventId, type, intent.getId(), succeeded(received))
					.onErrorResume(Conflict.class, (gone) -> once(eventId, type, intent.getId(),
							refundDue(received, "paid after its hold expired and its stock is gone")));
				case "payment_intent.payment_failed", "payment_intent.canceled" ->
					once(eventId, type, intent.getId(), notPaid(received));
				default -> once(eventId, type, intent.getId(), ignored("event type not handled"));
			};
		}
		if (object instanceof Charge charge && "charge.refunded".equals(type)) {
			return once(eventId, type, charge.getId(), chargeRefunded(charge));
		}
		return once(eventId, type, null, ignored("event type not handled"));
	}

	// each event id is claimed in the transaction that applies it: a second delivery
	// waits for the first and then finds the id taken
	private Mono<WebhookAnswer> once(String eventId, String type, String objectId, Mono<Applied> work) {
		Mono<Applied> claimed = this.payments.claimEvent(eventId, type, objectId, now())
			.flatMap((rows) -> (rows == 0) ? Mono.just(Applied.of(null, "duplicate", "event applied before"))
					: work.flatMap((applied) -> this.payments
						.eventOutcome(eventId, applied.orderId(), applied.outcome(), applied.detail())
						.thenReturn(applied)));
		return this.transactions.transactional(claimed).map((applied) -> {
			if (applied.refundId() != null) {
				refundInBackground(applied.refundId());
			}
			return new WebhookAnswer(eventId, applied.outcome(), applied.detail());
		});
	}

	private static Mono<Applied> ignored(String detail) {
		return Mono.just(Applied.of(null, "ignored", detail));
	}

	/** A payment as Stripe reports it. */
	private record Received(String intentId, UUID orderId, long amountFen, String currency, String status) {

		static Received of(PaymentIntent intent) {
			long received = StripeProvider.zeroIfNull(intent.getAmountReceived());
			return new Received(intent.getId(),
					StripeProvider
						.parseOrder((intent.getMetadata() != null) ? intent.getMetadata().get("order_id") : null),
					(received > 0) ? received : StripeProvider.zeroIfNull(intent.getAmount()),
					String.valueOf(intent.getCurrency()), String.valueOf(intent.getStatus()));
		}

		static Received of(PaymentProvider.ProviderIntent intent) {
			return new Received(intent.id(), intent.orderId(),
					(intent.amountReceivedFen() > 0) ? intent.amountReceivedFen() : intent.amountFen(),
					String.valueOf(intent.currency()), String.valueOf(intent.status()));
		}

	}

	private Mono<UUID> orderOf(Received received) {
		return this.payments.intentByStripeId(received.intentId())
			.map(Payments.Intent::orderId)
			.switchIfEmpty(Mono.justOrEmpty(received.orderId()));
	}

	// a succeeded payment, in the caller's transaction: recorded once per PaymentIntent;
	// the order paid when amount and currency match, flagged when they do not, refunded
	// when the order cannot take it. A Conflict means the expired order's stock is gone:
	// the caller undoes the transaction and records the refund instead.
	private Mono<Applied> succeeded(Received received) {
		return orderOf(received)
			.flatMap((orderId) -> this.orders.order(orderId).onErrorResume(NotFound.class, (ex) -> Mono.empty()))
			.flatMap((order) -> {
				Instant now = now();
				if (received.amountFen() != order.totalFen()
						|| !this.settings.currency().equalsIgnoreCase(received.currency())) {
					return mismatch(order, received, now);
				}
				return this.payments
					.insertPayment(order.id(), received.intentId(), PAYMENT_KIND, received.amountFen(),
							received.currency(), "PAID", now)
					.flatMap((rows) -> (rows == 0)
							? Mono.just(Applied.of(order.id(), "duplicate", "payment applied before"))
							: this.orders.applyCardPayment(order.id(), received.intentId(), ACTOR)
								.flatMap((outcome) -> taken(order, received, outcome, now)))
					.flatMap((applied) -> this.payments.updateIntent(received.intentId(), "succeeded", true, now)
						.thenReturn(applied));
			})
			.defaultIfEmpty(Applied.of(null, "ignored", "no order for this payment"));
	}

	private Mono<Applied> taken(OrderView order, Received received, CardPaymentOutcome outcome, Instant now) {
		return switch (outcome) {
			case PAID -> Mono.just(Applied.of(order.id(), "applied", "order paid"));
			case REVIVED -> this.payments.paymentOutcome(received.intentId(), PAYMENT_KIND, "REVIVED")
				.thenReturn(Applied.of(order.id(), "applied", "expired order revived and paid"));
			case NOT_TAKEN -> this.payments.paymentOutcome(received.intentId(), PAYMENT_KIND, "REFUND_DUE")
				.then(automaticRefund(order.id(), received,
						"payment for an order that is " + order.status() + ": returned to the buyer", now))
				.map((refundId) -> new Applied(order.id(), "applied",
						"order is " + order.status() + ": payment refunded", refundId));
		};
	}

	private Mono<Applied> mismatch(OrderView order, Received received, Instant now) {
		String reason = this.settings.currency().equalsIgnoreCase(received.currency()) ? "AMOUNT_MISMATCH"
				: "CURRENCY_MISMATCH";
		return this.payments
			.insertPayment(order.id(), received.intentId(), PAYMENT_KIND, received.amountFen(), received.currency(),
					"MISMATCH", now)
			.flatMap((rows) -> {
				if (rows == 0) {
					return Mono.just(Applied.of(order.id(), "duplicate", "payment flagged before"));
				}
				log.warn("payment {} for order {} received {} {} but the order is {} {}: flagged for an admin",
						received.intentId(), order.id(), received.amountFen(), received.currency(), order.totalFen(),
						this.settings.currency());
				this.metrics.mismatch();
				return this.payments
					.insertFlag(order.id(), received.intentId(), reason, order.totalFen(), this.settings.currency(),
							received.amountFen(), received.currency(), now)
					.then(this.payments.updateIntent(received.intentId(), "succeeded", true, now))
					.thenReturn(Applied.of(order.id(), "flagged", reason + ": order not marked paid"));
			});
	}

	// the money came for an order that cannot take it: recorded and returned
	private Mono<Applied> refundDue(Received received, String why) {
		return orderOf(received).flatMap((orderId) -> {
			Instant now = now();
			return this.payments
				.insertPayment(orderId, received.intentId(), PAYMENT_KIND, received.amountFen(), received.currency(),
						"REFUND_DUE", now)
				.flatMap((rows) -> (rows == 0) ? Mono.just(Applied.of(orderId, "duplicate", "payment applied before"))
						: this.payments.updateIntent(received.intentId(), "succeeded", true, now)
							.then(automaticRefund(orderId, received, why, now))
							.map((refundId) -> new Applied(orderId, "applied", why + ": payment refunded", refundId)));
		}).defaultIfEmpty(Applied.of(null, "ignored", "no order for this payment"));
	}

	private Mono<UUID> automaticRefund(UUID orderId, Received received, String reason, Instant now) {
		Payments.Refund refund = new Payments.Refund(UUID.randomUUID(), orderId, received.intentId(),
				received.amountFen(), reason, RefundTrigger.AUTOMATIC, false, "automatic:" + received.intentId(),
				"automatic", RefundStatus.PENDING, null, null, ACTOR, now, now);
		log.warn("payment {} for order {} is refunded automatically: {}", received.intentId(), orderId, reason);
		return this.payments.insertRefund(refund).thenReturn(refund.id());
	}

	private Mono<Applied> notPaid(Received received) {
		return orderOf(received)
			.flatMap((orderId) -> this.orders.order(orderId).onErrorResume(NotFound.class, (ex) -> Mono.empty()))
			.flatMap(
					(order) -> this.payments.updateIntent(received.intentId(), received.status(), false, now())
						.thenReturn((order.status() == OrderStatus.PENDING_PAYMENT)
								? Applied.of(order.id(), "applied",
										"payment " + received.status() + "; the order stays payable until "
												+ order.expiresAt())
								: Applied.of(order.id(), "ignored", "order is " + order.status())))
			.defaultIfEmpty(Applied.of(null, "ignored", "no order for this payment"));
	}

	// a refund seen at Stripe: refunds made in Stripe's dashboard are recorded on the
	// order. A refund event can overtake the payment's own event: the payment is applied
	// first then.
	private Mono<Applied> chargeRefunded(Charge charge) {
		String intentId = charge.getPaymentIntent();
		if (intentId == null) {
			return Mono.just(Applied.of(null, "ignored", "charge without a PaymentIntent"));
		}
		long captured = StripeProvider.zeroIfNull(charge.getAmountCaptured());
		Received received = new Received(intentId, null,
				(captured > 0) ? captured : StripeProvider.zeroIfNull(charge.getAmount()),
				String.valueOf(charge.getCurrency()), "succeeded");
		return this.payments.intentByStripeId(intentId).flatMap((intent) -> {
			long refunded = StripeProvider.zeroIfNull(charge.getAmountRefunded());
			Mono<Applied> paidFirst = this.payments.paymentOf(intentId, PAYMENT_KIND)
				.map((outcome) -> Applied.of(intent.orderId(), "applied", "payment applied before"))
				.switchIfEmpty(Mono.defer(() -> succeeded(received)));
			return paidFirst.then(this.orders.recordProviderRefunds(intent.orderId(), intentId, refunded, ACTOR))
				.flatMap((added) -> (added == 0) ? Mono.just(Applied.of(intent.orderId(), "applied", "refund known"))
						: externalRefund(intent.orderId(), intentId, added));
		}).defaultIfEmpty(Applied.of(null, "ignored", "no order for this payment"));
	}

	private Mono<Applied> externalRefund(UUID orderId, String intentId, long amountFen) {
		Instant now = now();
		Payments.Refund refund = new Payments.Refund(UUID.randomUUID(), orderId, intentId, amountFen,
				"refunded in Stripe", RefundTrigger.EXTERNAL, true, "external:" + UUID.randomUUID(), "external",
				RefundStatus.PENDING, null, null, "stripe", now, now);
		this.metrics.refund("external", "succeeded", amountFen);
		return this.payments.insertRefund(refund)
			.then(this.payments.settleRefund(refund.id(), RefundStatus.SUCCEEDED, null, null, now))
			.thenReturn(Applied.of(orderId, "applied", amountFen + " fen refunded in Stripe recorded"));
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
				.flatMap((order) -> this.payments.refundByKey(orderId, key)
					.map((existing) -> replay(existing, hash))
					.switchIfEmpty(Mono.defer(() -> freshRefund(order, request, key, hash, actor))));
		}).flatMap((result) -> refusedAsConflict(result));
	}

	private RefundResult replay(Payments.Refund existing, String hash) {
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
				Instant now = now();
				Payments.Refund refund = new Payments.Refund(UUID.randomUUID(), order.id(), intent.stripeId(), amount,
						request.reason().strip(), RefundTrigger.MANUAL, true, key, hash, RefundStatus.PENDING, null,
						null, actor.username(), now, now);
				Mono<Boolean> hold = this.payments.insertRefund(refund)
					.flatMap((rows) -> (rows == 0) ? Mono.just(false)
							: this.orders.holdRefund(order.id(), amount).thenReturn(true));
				return this.transactions.transactional(hold)
					.flatMap((held) -> held ? execute(refund).map((view) -> new RefundResult(view, true))
							// the same key won a race: answer as it did
							: this.payments.refundByKey(order.id(), key).map((existing) -> replay(existing, hash)));
			});
	}

	/**
	 * Asks Stripe for a pending refund, with a key derived from the refund so a retry
	 * never pays out twice, and settles it by the answer. When Stripe cannot be reached
	 * the refund stays pending and reconciliation asks again.
	 */
	Mono<RefundView> execute(Payments.Refund refund) {
		String trigger = refund.trigger().name().toLowerCase();
		return this.provider
			.refund(refund.paymentIntent(), refund.amountFen(), refund.reason(), "cooplive-refund-" + refund.id())
			.flatMap((answer) -> settleByAnswer(refund, answer))
			.onErrorResume(PaymentProvider.ProviderRefused.class,
					(ex) -> settle(refund, RefundStatus.FAILED, null, ex.getMessage()))
			.onErrorResume(PaymentProvider.ProviderUnavailable.class, (ex) -> {
				log.warn("refund {} of order {} stays pending: {}", refund.id(), refund.orderId(), ex.getMessage());
				this.metrics.refund(trigger, "pending", refund.amountFen());
				return this.payments.touchRefund(refund.id(), now())
					.then(this.payments.refund(refund.id()))
					.map(Payments.Refund::view);
			});
	}

	/** Asks Stripe how a refund it accepted ended. */
	Mono<RefundView> check(Payments.Refund refund) {
		if (refund.stripeRefundId() == null) {
			return execute(refund);
		}
		return this.provider.refundStatus(refund.stripeRefundId())
			.flatMap((answer) -> settleByAnswer(refund, answer))
			.onErrorResume(PaymentProvider.ProviderUnavailable.class,
					(ex) -> this.payments.touchRefund(refund.id(), now()).then(Mono.just(refund.view())));
	}

	private Mono<RefundView> settleByAnswer(Payments.Refund refund, PaymentProvider.ProviderRefund answer) {
		if (answer.succeeded()) {
			return settle(refund, RefundStatus.SUCCEEDED, answer.id(), null);
		}
		if (answer.failed()) {
			return settle(refund, RefundStatus.FAILED, answer.id(),
					(answer.failureReason() != null) ? answer.failureReason() : answer.status());
		}
		// pending at Stripe (some wallets take a while): reconciliation asks again
		return this.payments.refundProviderId(refund.id(), answer.id(), now())
			.then(this.payments.refund(refund.id()))
			.map(Payments.Refund::view);
	}

	private Mono<RefundView> settle(Payments.Refund refund, RefundStatus status, String stripeRefundId,
			String failure) {
		Mono<Long> settle = this.payments.settleRefund(refund.id(), status, stripeRefundId, failure, now())
			.flatMap((rows) -> (rows == 1 && refund.againstOrder()) ? this.orders
				.settleRefund(refund.orderId(), refund.amountFen(), status == RefundStatus.SUCCEEDED,
						refund.requestedBy())
				.thenReturn(rows) : Mono.just(rows));
		return this.transactions.transactional(settle).flatMap((rows) -> {
			if (rows == 1) {
				this.metrics.refund(refund.trigger().name().toLowerCase(), status.name().toLowerCase(),
						refund.amountFen());
				if (status == RefundStatus.FAILED) {
					log.warn("Stripe refused refund {} of order {}: {}", refund.id(), refund.orderId(), failure);
				}
			}
			return this.payments.refund(refund.id()).map(Payments.Refund::view);
		});
	}

	private void refundInBackground(UUID refundId) {
		this.payments.refund(refundId)
			.flatMap(this::execute)
			.subscribe((view) -> log.info("automatic refund {} is {}", view.id(), view.status()),
					(ex) -> log.warn("automatic refund {} stays pending: {}", refundId, ex.toString()));
	}

	/** An order's refunds, newest first, for an admin or the order's host. */
	public Mono<Page<RefundView>> refunds(UUID orderId, Actor actor, PageQuery page) {
		return this.orders.managedOrder(orderId, actor)
			.then(Page.read(this.payments.refunds(orderId, page).map(Payments.Refund::view),
					this.payments.countRefunds(orderId), page));
	}

	// flags

	/** Payments flagged for an admin: open ones, or resolved ones. */
	public Mono<Page<PaymentFlagView>> flags(boolean open, PageQuery page) {
		return Page.read(this.payments.flags(open, page), this.payments.countFlags(open), page);
	}

	/**
	 * Marks a flagged payment resolved with what was done.
	 * @throws Conflict {@code ALREADY_RESOLVED}
	 */
	public Mono<PaymentFlagView> resolveFlag(UUID id, ResolveFlag resolution, Actor actor) {
		return this.payments.flag(id)
			.switchIfEmpty(Mono.error(() -> new NotFound("payment flag", id)))
			.flatMap((flag) -> this.payments.resolveFlag(id, resolution.resolution().strip(), actor.username(), now()))
			.flatMap(
					(rows) -> (rows == 0) ? Mono.error(new Conflict("ALREADY_RESOLVED", "the flag was resolved before"))
							: this.payments.flag(id));
	}

	// reconciliation

	/**
	 * Asks Stripe about one unsettled PaymentIntent and applies what it says, as its
	 * webhook would have.
	 * @return Stripe's status of it
	 */
	Mono<String> reconcile(Payments.Intent intent) {
		return this.provider.intent(intent.stripeId()).flatMap((current) -> {
			Received received = Received.of(current);
			Instant now = now();
			if (current.succeeded()) {
				Mono<Applied> apply = this.transactions.transactional(succeeded(received))
					.onErrorResume(Conflict.class, (gone) -> this.transactions
						.transactional(refundDue(received, "paid after its hold expired and its stock is gone")));
				return apply.doOnNext((applied) -> {
					if (applied.refundId() != null) {
						refundInBackground(applied.refundId());
					}
					log.info("reconciled payment {}: {}, {}", intent.stripeId(), applied.outcome(), applied.detail());
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

	/** Refunds still pending after a minute. */
	Flux<Payments.Refund> refundsToRetry(int limit) {
		return this.payments.pendingRefunds(now().minusSeconds(60), limit);
	}

	// helpers

	private Instant now() {
		return this.clock.instant();
	}

	private static String hash(RefundRequest request) {
		return Idempotency.sha256(request.amountFen() + "|" + request.reason().strip());
	}

}
