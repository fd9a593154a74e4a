package coop.litang.cooplive.dividends;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * The bylaws' parameters to compute a run with; rates in basis points (2000 = 20%).
 *
 * @param providentFundRateBp provident fund (公积金) share of the surplus after losses
 * @param patronageRateBp patronage refund share of the distributable surplus, at least
 * 6000 (60%, Art. 44)
 * @param patronageBasis transaction volume by {@code AMOUNT} or {@code QUANTITY}
 * @param providentBasis the provident fund quantified by {@code CAPITAL} or
 * {@code PATRONAGE}
 */
public record ComputeRun(@NotNull @Min(0) @Max(10_000) Integer providentFundRateBp, @NotNull @Min(value = 6_000,
		message = "must be at least 6000 (60%, Art. 44 of the cooperatives law)") @Max(10_000) Integer patronageRateBp,
		@NotNull DividendPolicy.PatronageBasis patronageBasis, @NotNull DividendPolicy.ProvidentBasis providentBasis) {

	DividendPolicy policy() {
		return new DividendPolicy(this.providentFundRateBp, this.patronageRateBp, this.patronageBasis,
				this.providentBasis);
	}

}
