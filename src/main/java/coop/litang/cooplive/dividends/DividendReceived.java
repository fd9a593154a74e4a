package coop.litang.cooplive.dividends;

import java.time.Instant;
import java.util.UUID;

/**
 * What a member household received from one approved run that no reversal undid.
 *
 * @param runId the run
 * @param year its fiscal year
 * @param lineNo the household's line, for its statement
 * @param patronageRefundFen patronage refund
 * @param capitalShareFen capital share
 * @param providentShareFen provident share quantified to its account
 * @param totalFen paid out
 * @param approvedAt when the run was approved
 * @param paymentReference how it was paid, once paid
 * @param paidAt when it was recorded as paid
 */
public record DividendReceived(UUID runId, int year, int lineNo, long patronageRefundFen, long capitalShareFen,
		long providentShareFen, long totalFen, Instant approvedAt, String paymentReference, Instant paidAt) {
}
