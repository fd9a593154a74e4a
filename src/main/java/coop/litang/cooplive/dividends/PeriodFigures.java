package coop.litang.cooplive.dividends;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * A period's surplus figures.
 *
 * @param surplusFen the year's surplus after income tax, in fen; negative in a loss year
 * @param carriedLossFen losses carried from earlier years to make up first, in fen
 */
public record PeriodFigures(@NotNull Long surplusFen, @NotNull @PositiveOrZero Long carriedLossFen) {
}
