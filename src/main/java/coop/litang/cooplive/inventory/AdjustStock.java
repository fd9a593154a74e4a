package coop.litang.cooplive.inventory;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A correction of the stock on hand after breakage or a recount.
 *
 * @param delta units to add (positive) or take away (negative), never zero
 * @param reason why, required
 */
public record AdjustStock(@NotNull Long delta, @NotBlank @Size(max = 500) String reason) {
}
