package coop.litang.cooplive.catalog;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * A SKU to add to a product.
 *
 * @param code unique code: capitals, digits, dash or underscore, 2 to 40 characters
 * @param unit how it is counted
 * @param grade free text, may be empty
 * @param listPriceFen price per unit in fen, above zero
 */
public record NewSku(@NotBlank @Pattern(regexp = Codes.PATTERN, message = Codes.MESSAGE) String code,
		@NotNull Unit unit, @Size(max = 100) String grade, @NotNull @Positive Long listPriceFen) {
}
