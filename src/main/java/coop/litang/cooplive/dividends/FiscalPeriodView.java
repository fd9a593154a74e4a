package coop.litang.cooplive.dividends;

import java.time.Instant;
import java.util.UUID;

/**
 * A fiscal year (Asia/Shanghai calendar) and its surplus figures, in fen.
 *
 * @param id its id
 * @param year the calendar year
 * @param status open or closed
 * @param revenueFen revenue, when entered as parts
 * @param costOfGoodsFen cost of goods sold, when entered as parts
 * @param expensesFen other expenses, when entered as parts
 * @param incomeTaxFen income tax, when entered as parts
 * @param surplusFen the year's surplus after income tax, once entered
 * @param carriedLossFen losses carried from earlier years
 * @param closedAt when it was closed
 * @param closedBy who closed it
 */
public record FiscalPeriodView(UUID id, int year, PeriodStatus status, Long revenueFen, Long costOfGoodsFen,
		Long expensesFen, Long incomeTaxFen, Long surplusFen, long carriedLossFen, Instant closedAt, String closedBy) {
}
