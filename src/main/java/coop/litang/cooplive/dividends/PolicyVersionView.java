package coop.litang.cooplive.dividends;

import java.time.LocalDate;

/**
 * A version of the bylaws' distribution parameters.
 *
 * @param version its number, from 1
 * @param effectiveFrom the first day it applies to (a period uses the version in effect
 * on its last day)
 * @param policy the parameters
 */
public record PolicyVersionView(int version, LocalDate effectiveFrom, DividendPolicy policy) {
}
