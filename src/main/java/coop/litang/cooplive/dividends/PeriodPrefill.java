package coop.litang.cooplive.dividends;

/**
 * What cooplive's own records say about a period, to prefill its figures.
 *
 * @param revenueFen orders paid in the year (paid, shipped or delivered; refunds
 * excluded)
 * @param costOfGoodsFen the purchase value of the produce members delivered in the year
 */
public record PeriodPrefill(long revenueFen, long costOfGoodsFen) {
}
