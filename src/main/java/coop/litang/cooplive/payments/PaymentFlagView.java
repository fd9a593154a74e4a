package coop.litang.cooplive.payments;

import java.time.Instant;
import java.util.UUID;

/**
 * A payment an admin has to look at: it succeeded at Stripe with an amount or currency
 * that differs from its order's, so the order was not marked paid.
 *
 * @param id its id
 * @param orderId the order
 * @param reference the PaymentIntent
 * @param reason {@code AMOUNT_MISMATCH} or {@code CURRENCY_MISMATCH}
 * @param expectedFen the order's total
 * @param expectedCurrency the order's currency
 * @param receivedFen what Stripe received
 * @param receivedCurrency in what currency
 * @param createdAt when it was flagged
 * @param resolvedAt when an admin resolved it
 * @param resolvedBy who
 * @param resolution what they noted
 */
public record PaymentFlagView(UUID id, UUID orderId, String reference, String reason, long expectedFen,
		String expectedCurrency, long receivedFen, String receivedCurrency, Instant createdAt, Instant resolvedAt,
		String resolvedBy, String resolution) {
}
