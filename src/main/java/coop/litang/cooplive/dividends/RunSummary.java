package coop.litang.cooplive.dividends;

import java.time.Instant;
import java.util.UUID;

/**
 * One run of a period as listed, without its lines.
 *
 * @param id its id
 * @param periodId the fiscal period
 * @param year the period's year
 * @param kind a run, or the reversal of one
 * @param status draft, superseded or approved
 * @param correctsRunId for a reversal the run it undoes; for a run computed after a
 * reversal the run it replaces
 * @param reversedBy the approved reversal of this run, if any
 * @param correctedBy the run computed to replace this one after its reversal, if any
 * @param reason why a reversal was made
 * @param computedBy the accountant who computed it
 * @param computedAt when
 * @param approvedBy the second accountant who approved it
 * @param approvedAt when
 * @param inputHash SHA-256 of its inputs
 * @param surplusFen S
 * @param distributableFen D
 * @param policyVersion the stored policy version used, if any
 * @param lineCount its lines
 */
public record RunSummary(UUID id, UUID periodId, int year, RunKind kind, RunStatus status, UUID correctsRunId,
		UUID reversedBy, UUID correctedBy, String reason, String computedBy, Instant computedAt, String approvedBy,
		Instant approvedAt, String inputHash, long surplusFen, long distributableFen, Integer policyVersion,
		int lineCount) {
}
