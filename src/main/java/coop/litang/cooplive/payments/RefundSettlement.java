package coop.litang.cooplive.payments;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.function.UnaryOperator;

import coop.litang.cooplive.ordering.OrderManagement;
import coop.litang.cooplive.payments.PaymentProvider.ProviderRefund;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Takes a pending refund to Stripe and ends it by Stripe's answer: the order's side is
 * settled, and the refund counted, by whoever ends the stored refund first.
 */
@Component
class RefundSettlement {

	// logged under the module's name, where operators look for payments
	private static final Logger log = LoggerFactory.getLogger(PaymentManagement.class);

	private final Refunds refunds;

	private final PaymentProvider provider;

	private final OrderManagement orders;

	private final TransactionalOperator transactions;

	private final PaymentMetrics metrics;

	private final Clock clock;

	RefundSettlement(Refunds refunds, PaymentProvider provider, OrderManagement orders,
			TransactionalOperator transactions, PaymentMetrics metrics, Clock clock) {
		this.refunds = refunds;
		this.provider = provider;
		this.orders = orders;
		this.transactions = transactions;
		this.metrics = metrics;
		this.clock = clock;
	}

	/**
	 * Asks Stripe for a pending refund, with a key derived from the refund so a retry
	 * never pays out twice, and settles it by the answer. When Stripe cannot be reached
	 * the refund stays pending and reconciliation asks again.
	 */
	Mono<RefundView> execute(Refund refund) {
		return this.provider
			.refund(refund.paymentIntent(), refund.amountFen(), refund.reason(), "cooplive-refund-" + refund.id())
			.flatMap((answer) -> settleByAnswer(refund, answer))
			.onErrorResume(PaymentProvider.ProviderRefused.class,
					(ex) -> settle(refund, (pending) -> pending.failed(null, ex.getMessage(), now())))
			.onErrorResume(PaymentProvider.ProviderUnavailable.class, (ex) -> {
				log.warn("refund {} of order {} stays pending: {}", refund.id(), refund.orderId(), ex.getMessage());
				this.metrics.refund(refund.trigger(), RefundStatus.PENDING, refund.amountFen());
				return this.refunds.touch(refund.id(), now()).then(stored(refund));
			});
	}

	/** Asks Stripe how a refund it accepted ended. */
	Mono<RefundView> check(Refund refund) {
		if (refund.stripeRefundId() == null) {
			return execute(refund);
		}
		return this.provider.refundStatus(refund.stripeRefundId())
			.flatMap((answer) -> settleByAnswer(refund, answer))
			.onErrorResume(PaymentProvider.ProviderUnavailable.class,
					(ex) -> this.refunds.touch(refund.id(), now()).then(Mono.just(refund.view())));
	}

	/** Executes a refund just stored, without making the caller wait for Stripe. */
	void inBackground(UUID refundId) {
		this.refunds.find(refundId)
			.flatMap(this::execute)
			.subscribe((view) -> log.info("automatic refund {} is {}", view.id(), view.status()),
					(ex) -> log.warn("automatic refund {} stays pending: {}", refundId, ex.toString()));
	}

	/** Refunds still pending after a minute. */
	Flux<Refund> toRetry(int limit) {
		return this.refunds.pending(now().minusSeconds(60), limit);
	}

	private Mono<RefundView> settleByAnswer(Refund refund, ProviderRefund answer) {
		if (answer.succeeded()) {
			return settle(refund, (pending) -> pending.succeeded(answer.id(), now()));
		}
		if (answer.failed()) {
			String failure = (answer.failureReason() != null) ? answer.failureReason() : answer.status();
			return settle(refund, (pending) -> pending.failed(answer.id(), failure, now()));
		}
		// pending at Stripe (some wallets take a while): reconciliation asks again
		return this.refunds.recordProviderId(refund.id(), answer.id(), now()).then(stored(refund));
	}

	private Mono<RefundView> settle(Refund refund, UnaryOperator<Refund> end) {
		if (!refund.pending()) {
			// read after it had ended (an automatic refund the reconciler ended first):
			// left as it is, as the guarded update would leave it
			return stored(refund);
		}
		Refund ended = end.apply(refund);
		Mono<Long> settle = this.refunds.settle(ended)
			.flatMap((rows) -> (rows == 1 && ended.againstOrder())
					? this.orders
						.settleRefund(ended.orderId(), ended.amountFen(), ended.status() == RefundStatus.SUCCEEDED,
								ended.requestedBy())
						.thenReturn(rows)
					: Mono.just(rows));
		return this.transactions.transactional(settle).flatMap((rows) -> {
			if (rows == 1) {
				this.metrics.refund(ended.trigger(), ended.status(), ended.amountFen());
				if (ended.status() == RefundStatus.FAILED) {
					log.warn("Stripe refused refund {} of order {}: {}", ended.id(), ended.orderId(), ended.failure());
				}
			}
			return stored(refund);
		});
	}

	private Mono<RefundView> stored(Refund refund) {
		return this.refunds.find(refund.id()).map(Refund::view);
	}

	private Instant now() {
		return this.clock.instant();
	}

}
