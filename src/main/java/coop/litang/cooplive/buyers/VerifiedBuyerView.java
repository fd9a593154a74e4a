package coop.litang.cooplive.buyers;

import java.time.Instant;

/**
 * A confirmed phone number and the token that proves it.
 *
 * @param buyerToken what the {@code X-Buyer-Token} header carries
 * @param phone the normalized number (11 digits)
 * @param expiresAt when the token stops being accepted
 */
record VerifiedBuyerView(String buyerToken, String phone, Instant expiresAt) {
}
