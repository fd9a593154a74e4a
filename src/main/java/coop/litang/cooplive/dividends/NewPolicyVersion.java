package coop.litang.cooplive.dividends;

import java.time.LocalDate;

import jakarta.validation.constraints.NotNull;

/**
 * A new version of the distribution parameters, as the members' meeting decided them.
 *
 * @param effectiveFrom the first day it applies to
 * @param providentFundRateBp provident fund share in basis points
 * @param patronageRateBp patronage share in basis points, at least 6000
 * @param patronageBasis amount or quantity
 * @param providentBasis capital or patronage
 * @param tieBreak {@code MEMBER_NUMBER} (default) or {@code JOINED_ON}
 */
public record NewPolicyVersion(@NotNull LocalDate effectiveFrom, @NotNull Integer providentFundRateBp,
		@NotNull Integer patronageRateBp, @NotNull DividendPolicy.PatronageBasis patronageBasis,
		@NotNull DividendPolicy.ProvidentBasis providentBasis, DividendPolicy.TieBreak tieBreak) {
}
