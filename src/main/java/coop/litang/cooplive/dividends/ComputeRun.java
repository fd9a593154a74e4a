package coop.litang.cooplive.dividends;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Which parameters to compute a run with: a policy version, or the parameters themselves
 * (rates in basis points, 2000 = 20%); with neither, the version in effect on the
 * period's last day.
 *
 * @param policyVersion a stored policy version
 * @param providentFundRateBp provident fund (公积金) share of the surplus after losses
 * @param patronageRateBp patronage refund share of the distributable surplus, at least
 * 6000 (60%, Art. 44)
 * @param patronageBasis transaction volume by {@code AMOUNT} or {@code QUANTITY}
 * @param providentBasis the provident fund quantified by {@code CAPITAL} or
 * {@code PATRONAGE}
 */
public record ComputeRun(@Min(1) Integer policyVersion, @Min(0) @Max(10_000) Integer providentFundRateBp, @Min(
		value = 6_000,
		message = "must be at least 6000 (60%, Art. 44 of the cooperatives law)") @Max(10_000) Integer patronageRateBp,
		DividendPolicy.PatronageBasis patronageBasis, DividendPolicy.ProvidentBasis providentBasis,
		DividendPolicy.TieBreak tieBreak) {

	/** Whether the parameters are given in full. */
	boolean hasParameters() {
		return this.providentFundRateBp != null && this.patronageRateBp != null && this.patronageBasis != null
				&& this.providentBasis != null;
	}

	DividendPolicy policy() {
		return new DividendPolicy(this.providentFundRateBp, this.patronageRateBp, this.patronageBasis,
				this.providentBasis, this.tieBreak);
	}

}
