package coop.litang.cooplive.dividends;

import java.time.Instant;
import java.util.UUID;

/**
 * A fiscal year (Asia/Shanghai calendar) and its surplus figures.
 *
 * @param id its id
 * @param year the calendar year
 * @param status open or closed
 * @param surplusFen the year's surplus after income tax, once entered
 * @param carriedLossFen losses carried from earlier years
 * @param closedAt when it was closed
 * @param closedBy who closed it
 */
public record FiscalPeriodView(UUID id, int year, PeriodStatus status, Long surplusFen, long carriedLossFen,
		Instant closedAt, String closedBy) {
}
