package coop.litang.cooplive.payments;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * A refund asked for by an admin or the order's host.
 *
 * @param amountFen how much, in fen; all that is left to refund when absent
 * @param reason why, for the records (such as "damaged in transit")
 */
public record RefundRequest(@Positive Long amountFen, @NotBlank @Size(max = 500) String reason) {
}
