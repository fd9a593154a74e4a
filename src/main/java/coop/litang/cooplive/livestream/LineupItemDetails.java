package coop.litang.cooplive.livestream;

import java.util.UUID;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/**
 * A SKU offered in a session.
 *
 * @param skuId the SKU
 * @param sessionPriceFen price per unit in this session, in fen
 * @param quota units this session may sell; held back from general stock while it runs
 * @param perBuyerLimit units one buyer (by phone number) may hold or buy in this session
 */
public record LineupItemDetails(@NotNull UUID skuId, @NotNull @Positive Long sessionPriceFen,
		@NotNull @Positive Long quota, @NotNull @Positive Long perBuyerLimit) {
}
