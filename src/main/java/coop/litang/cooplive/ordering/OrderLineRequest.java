package coop.litang.cooplive.ordering;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/**
 * A SKU and how many units of it.
 *
 * @param sku the SKU code
 * @param quantity units, 1 to 10,000
 */
public record OrderLineRequest(@NotBlank String sku, @NotNull @Positive @Max(10_000) Long quantity) {
}
