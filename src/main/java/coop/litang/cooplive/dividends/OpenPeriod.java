package coop.litang.cooplive.dividends;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * Opens the fiscal period of a calendar year.
 *
 * @param year the year, 2000 to 2100
 */
public record OpenPeriod(@NotNull @Min(2000) @Max(2100) Integer year) {
}
