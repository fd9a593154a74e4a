package coop.litang.cooplive.dividends;

/**
 * A run distributes a period's surplus; a reversal undoes an approved run, so that the
 * mistake is corrected by new records and never by editing.
 */
public enum RunKind {

	RUN, REVERSAL

}
