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
 * @param payToClaim whether its units are taken when it is paid (first paid, first
 * served) rather than held while it is unpaid
 * @param paymentReference how it was paid, once paid: the card payment's reference or the
 * offline note
 * @param createdAt when it was placed
 * @param expiresAt when its unpaid hold runs out
 * @param paidAt when it was paid
 * @param paidBy who recorded a payment made offline or on delivery (a host or an admin);
 * not shown to the buyer
 * @param carrier the carrier, once shipped
 * @param trackingNumber the tracking number, once shipped
 * @param refundedFen what was refunded to the buyer, in fen
 * @param refundPendingFen refunds asked of the payment provider and not yet confirmed, in
 * fen
 * @param closeReason why it closed without the buyer or a host closing it:
 * {@code SOLD_OUT_BEFORE_PAYMENT} when a pay-to-claim order's payment came after its item
 * sold out (the payment is refunded); {@code null} otherwise
 */
public record OrderView(UUID id, String accessToken, OrderStatus status, OrderChannel channel, UUID sessionId,
		Buyer buyer, List<OrderLineView> lines, long totalFen, PaymentMethod paymentMethod, boolean payToClaim,
		String paymentReference, Instant createdAt, Instant expiresAt, Instant paidAt, String paidBy, String carrier,
		String trackingNumber, long refundedFen, long refundPendingFen, String closeReason) {

	/**
	 * The order as its buyer sees it: without the username of who recorded a payment,
	 * which is a staff sign-in name.
	 */
	OrderView forBuyer() {
		return new OrderView(this.id, this.accessToken, this.status, this.channel, this.sessionId, this.buyer,
				this.lines, this.totalFen, this.paymentMethod, this.payToClaim, this.paymentReference, this.createdAt,
				this.expiresAt, this.paidAt, null, this.carrier, this.trackingNumber, this.refundedFen,
				this.refundPendingFen, this.closeReason);
	}

	OrderView withAccessToken(String token) {
		return new OrderView(this.id, token, this.status, this.channel, this.sessionId, this.buyer, this.lines,
				this.totalFen, this.paymentMethod, this.payToClaim, this.paymentReference, this.createdAt,
				this.expiresAt, this.paidAt, this.paidBy, this.carrier, this.trackingNumber, this.refundedFen,
				this.refundPendingFen, this.closeReason);
	}

}
