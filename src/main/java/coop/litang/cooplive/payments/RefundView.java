package coop.litang.cooplive.payments;

import java.time.Instant;
import java.util.UUID;

/**
 * A refund of an order's card payment.
 *
 * @param id its id
 * @param orderId the order
 * @param amountFen the amount, in fen
 * @param reason why, as the admin or host gave it
 * @param trigger manual, automatic or external
 * @param status pending, succeeded or failed
 * @param stripeRefundId Stripe's refund id, once Stripe answered
 * @param failure why Stripe refused it
 * @param requestedBy who asked for it
 * @param createdAt when it was asked for
 * @param updatedAt when it last changed
 */
public record RefundView(UUID id, UUID orderId, long amountFen, String reason, RefundTrigger trigger,
		RefundStatus status, String stripeRefundId, String failure, String requestedBy, Instant createdAt,
		Instant updatedAt) {
}
