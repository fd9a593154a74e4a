package coop.litang.cooplive.catalog;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * New unit, grade, list price and active flag of a SKU; its code never changes.
 *
 * @param unit how it is counted
 * @param grade free text, may be empty
 * @param listPriceFen price per unit in fen, above zero
 * @param active whether it can be sold
 */
public record UpdateSku(@NotNull Unit unit, @Size(max = 100) String grade, @NotNull @Positive Long listPriceFen,
		@NotNull Boolean active) {
}
