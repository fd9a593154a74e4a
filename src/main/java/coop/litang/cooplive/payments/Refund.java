package coop.litang.cooplive.payments;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A refund of a card payment, from being asked of Stripe ({@link RefundStatus#PENDING})
 * to its end. Immutable: a transition answers the changed refund and writes nothing;
 * {@link Refunds#settle(Refund)} stores it only while the stored one is still pending.
 *
 * @param paymentIntent the PaymentIntent whose payment is refunded
 * @param againstOrder whether it counts against the order's total ({@code MANUAL},
 * {@code EXTERNAL}) or returns a payment the order never took ({@code AUTOMATIC})
 * @param idempotencyKey unique per order: the caller's key, or one derived from the
 * payment
 * @param requestHash what the key was used for, to tell a retry from another request
 * @param stripeRefundId Stripe's refund, once Stripe answered
 * @param failure why Stripe refused it
 */
@Table("refund")
record Refund(@Id UUID id, UUID orderId, String paymentIntent, long amountFen, String reason, RefundTrigger trigger,
		boolean againstOrder, String idempotencyKey, String requestHash, RefundStatus status, String stripeRefundId,
		String failure, String requestedBy, Instant createdAt, Instant updatedAt) {

	Refund {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(orderId, "orderId");
		Objects.requireNonNull(paymentIntent, "paymentIntent");
		Objects.requireNonNull(reason, "reason");
		Objects.requireNonNull(trigger, "trigger");
		Objects.requireNonNull(status, "status");
		Objects.requireNonNull(idempotencyKey, "idempotencyKey");
		Objects.requireNonNull(requestHash, "requestHash");
		Objects.requireNonNull(requestedBy, "requestedBy");
		Objects.requireNonNull(createdAt, "createdAt");
		Objects.requireNonNull(updatedAt, "updatedAt");
		if (amountFen <= 0) {
			throw new IllegalArgumentException("a refund's amount must be positive, not " + amountFen);
		}
	}

	/** A refund an admin or host asked for, with their idempotency key. */
	static Refund manual(UUID orderId, String paymentIntent, long amountFen, String reason, String idempotencyKey,
			String requestHash, String requestedBy, Instant now) {
		return pending(orderId, paymentIntent, amountFen, reason, RefundTrigger.MANUAL, true, idempotencyKey,
				requestHash, requestedBy, now);
	}

	/**
	 * Money returned by cooplive for a payment its order did not take: one per
	 * PaymentIntent.
	 */
	static Refund automatic(UUID orderId, String paymentIntent, long amountFen, String reason, Instant now) {
		return pending(orderId, paymentIntent, amountFen, reason, RefundTrigger.AUTOMATIC, false,
				"automatic:" + paymentIntent, "automatic", PaymentManagement.ACTOR, now);
	}

	/** A refund made in Stripe's dashboard, learnt from its events. */
	static Refund external(UUID orderId, String paymentIntent, long amountFen, Instant now) {
		return pending(orderId, paymentIntent, amountFen, "refunded in Stripe", RefundTrigger.EXTERNAL, true,
				"external:" + UUID.randomUUID(), "external", "stripe", now);
	}

	private static Refund pending(UUID orderId, String paymentIntent, long amountFen, String reason,
			RefundTrigger trigger, boolean againstOrder, String idempotencyKey, String requestHash, String requestedBy,
			Instant now) {
		return new Refund(UUID.randomUUID(), orderId, paymentIntent, amountFen, reason, trigger, againstOrder,
				idempotencyKey, requestHash, RefundStatus.PENDING, null, null, requestedBy, now, now);
	}

	boolean pending() {
		return this.status == RefundStatus.PENDING;
	}

	/**
	 * Stripe refunded it.
	 * @param stripeRefundId Stripe's refund, or {@code null} to keep the one known
	 * @throws IllegalRefundTransition unless it is pending
	 */
	Refund succeeded(String stripeRefundId, Instant at) {
		return end(RefundStatus.SUCCEEDED, stripeRefundId, null, at);
	}

	/**
	 * Stripe refused it (or cancelled it): nothing was refunded.
	 * @param stripeRefundId Stripe's refund, or {@code null} to keep the one known
	 * @throws IllegalRefundTransition unless it is pending
	 */
	Refund failed(String stripeRefundId, String failure, Instant at) {
		return end(RefundStatus.FAILED, stripeRefundId, failure, at);
	}

	private Refund end(RefundStatus to, String stripeRefundId, String failure, Instant at) {
		if (!this.status.canMoveTo(to)) {
			throw new IllegalRefundTransition(this.id, this.status, to);
		}
		return new Refund(this.id, this.orderId, this.paymentIntent, this.amountFen, this.reason, this.trigger,
				this.againstOrder, this.idempotencyKey, this.requestHash, to,
				(stripeRefundId != null) ? stripeRefundId : this.stripeRefundId, failure, this.requestedBy,
				this.createdAt, at);
	}

	RefundView view() {
		return new RefundView(this.id, this.orderId, this.amountFen, this.reason, this.trigger, this.status,
				this.stripeRefundId, this.failure, this.requestedBy, this.createdAt, this.updatedAt);
	}

}
