package coop.litang.cooplive.members;

import java.time.LocalDate;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Capital a shareholder paid in, or (negative) withdrew.
 *
 * @param amountFen the amount in fen: positive when paid in, negative when withdrawn,
 * never zero
 * @param contributedOn the day it was paid in
 * @param source where it came from
 * @param note free text, such as the fund's name
 */
public record NewContribution(@NotNull Long amountFen, @NotNull LocalDate contributedOn,
		@NotNull ContributionSource source, @Size(max = 500) String note) {
}
