package coop.litang.cooplive.payments;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * How an admin resolved a flagged payment.
 *
 * @param resolution what was done, such as "refunded in Stripe's dashboard"
 */
public record ResolveFlag(@NotBlank @Size(max = 500) String resolution) {
}
