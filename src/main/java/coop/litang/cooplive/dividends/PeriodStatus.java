package coop.litang.cooplive.dividends;

/**
 * A fiscal period is open while its figures are entered and closed when they are final.
 */
public enum PeriodStatus {

	OPEN, CLOSED

}
