package coop.litang.cooplive.inventory;

import java.time.LocalDate;
import java.util.UUID;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * Produce a supplier member delivered to the cooperative.
 *
 * @param skuId what was delivered
 * @param supplierMemberId the member household that delivered it
 * @param originVillageId where it was harvested
 * @param quantity units of the SKU
 * @param purchaseValueFen what the cooperative pays the member, in fen: the member's
 * transaction volume
 * @param harvestDate when it was harvested
 * @param deliveredOn the day the member delivered it (Litang's calendar), which decides
 * the fiscal year it counts in; today when left out. Recorded later is fine, but not into
 * a closed year, nor in the future.
 */
public record ReceiveStock(@NotNull UUID skuId, @NotNull UUID supplierMemberId, @NotNull UUID originVillageId,
		@NotNull @Positive Long quantity, @NotNull @PositiveOrZero Long purchaseValueFen,
		@NotNull LocalDate harvestDate, LocalDate deliveredOn) {

	/** Produce delivered today. */
	public ReceiveStock(UUID skuId, UUID supplierMemberId, UUID originVillageId, Long quantity, Long purchaseValueFen,
			LocalDate harvestDate) {
		this(skuId, supplierMemberId, originVillageId, quantity, purchaseValueFen, harvestDate, null);
	}

}
