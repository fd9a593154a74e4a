package coop.litang.cooplive.dividends;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A dividend run: its header figures (S, L, P, D, R, C in fen), the policy used, the hash
 * of its inputs, and one line per participant.
 *
 * @param id its id
 * @param periodId the fiscal period
 * @param year the period's year
 * @param kind a run, or the reversal of one
 * @param status draft, superseded or approved
 * @param correctsRunId for a reversal the run it undoes; for a run computed after a
 * reversal the run it replaces
 * @param reason why a reversal was made
 * @param reversedBy the approved reversal of this run, if any
 * @param policy the parameters used
 * @param surplusFen S
 * @param carriedLossFen L
 * @param providentFundFen P
 * @param distributableFen D
 * @param patronagePoolFen R
 * @param capitalPoolFen C
 * @param inputHash SHA-256 of the inputs; computing again from the same inputs gives it
 * again
 * @param computedBy the accountant who computed it
 * @param computedAt when
 * @param approvedBy the second accountant who approved it
 * @param approvedAt when
 * @param lines one per member household or village
 */
public record DividendRunView(UUID id, UUID periodId, int year, RunKind kind, RunStatus status, UUID correctsRunId,
		String reason, UUID reversedBy, DividendPolicy policy, long surplusFen, long carriedLossFen,
		long providentFundFen, long distributableFen, long patronagePoolFen, long capitalPoolFen, String inputHash,
		String computedBy, Instant computedAt, String approvedBy, Instant approvedAt, List<Line> lines) {

	/**
	 * @param lineNo the line's number, from 1
	 * @param participant {@code member:<number>} or {@code village:<code>}
	 * @param name the household's or the village's name
	 * @param patronageWeight transaction volume used
	 * @param capitalWeight capital basis used
	 * @param providentWeight weight of the provident quantification
	 * @param patronageRefundFen part of R
	 * @param capitalShareFen part of C
	 * @param providentShareFen part of P credited to the member account
	 * @param totalFen paid out: patronage refund + capital share
	 * @param paymentReference how it was paid, once paid
	 * @param paidAt when it was recorded as paid
	 */
	public record Line(int lineNo, String participant, String name, long patronageWeight, long capitalWeight,
			long providentWeight, long patronageRefundFen, long capitalShareFen, long providentShareFen, long totalFen,
			String paymentReference, Instant paidAt) {
	}

}
