package coop.litang.cooplive.ordering;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An order as its buyer, its host or an admin sees it.
 *
 * @param id its id
 * @param accessToken what the buyer sends as {@code X-Order-Token} to read or cancel it;
 * present only in the answer to placing it
 * @param status its status
 * @param channel storefront or session
 * @param sessionId the session, for a session order
 * @param buyer who receives it
 * @param lines its lines
 * @param totalFen the sum of the line totals, in fen
 * @param paymentMethod card, offline or cash on delivery
 * @param paymentReference how it was paid, once paid: the card payment's reference or the
 * offline note
 * @param createdAt when it was placed
 * @param expiresAt when its unpaid hold runs out
 * @param paidAt when it was paid
 * @param carrier the carrier, once shipped
 * @param trackingNumber the tracking number, once shipped
 * @param refundedFen what was refunded to the buyer, in fen
 * @param refundPendingFen refunds asked of the payment provider and not yet confirmed, in
 * fen
 */
public record OrderView(UUID id, String accessToken, OrderStatus status, OrderChannel channel, UUID sessionId,
		Buyer buyer, List<OrderLineView> lines, long totalFen, PaymentMethod paymentMethod, String paymentReference,
		Instant createdAt, Instant expiresAt, Instant paidAt, String carrier, String trackingNumber, long refundedFen,
		long refundPendingFen) {

	OrderView withAccessToken(String token) {
		return new OrderView(this.id, token, this.status, this.channel, this.sessionId, this.buyer, this.lines,
				this.totalFen, this.paymentMethod, this.paymentReference, this.createdAt, this.expiresAt, this.paidAt,
				this.carrier, this.trackingNumber, this.refundedFen, this.refundPendingFen);
	}

}
