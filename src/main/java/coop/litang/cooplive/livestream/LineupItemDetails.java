package coop.litang.cooplive.livestream;

import java.util.UUID;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/**
 * A SKU offered in a session.
 *
 * @param skuId the SKU
 * @param sessionPriceFen price per unit in this session, in fen; below
 * {@code cooplive.livestream.min-price-percent} of the list price only an admin may set
 * it
 * @param quota units this session may sell; held back from general stock while it runs
 * @param perBuyerLimit units one buyer (by phone number) may hold or buy in this session
 * @param verifiedBuyers whether only buyers who verified their phone by SMS code may
 * order it (the default); off, anyone may, the per-buyer limit counting the phone they
 * give
 * @param payToClaim first paid, first served: an order holds nothing and its units are
 * taken when its card payment succeeds; a payment arriving after the item sold out is
 * refunded (off by default)
 * @param holdMinutes how long an unpaid order of it holds its units (or, pay-to-claim,
 * stays open to be paid), 1 to 60; 5 by default
 */
public record LineupItemDetails(@NotNull UUID skuId, @NotNull @Positive Long sessionPriceFen,
		@NotNull @Positive Long quota, @NotNull @Positive Long perBuyerLimit, Boolean verifiedBuyers,
		Boolean payToClaim, @Min(1) @Max(60) Integer holdMinutes) {

	/** An item's hold when none is given. */
	public static final int DEFAULT_HOLD_MINUTES = 5;

	public LineupItemDetails {
		verifiedBuyers = (verifiedBuyers != null) ? verifiedBuyers : Boolean.TRUE;
		payToClaim = (payToClaim != null) ? payToClaim : Boolean.FALSE;
		holdMinutes = (holdMinutes != null) ? holdMinutes : DEFAULT_HOLD_MINUTES;
	}

	/**
	 * An item for verified buyers, holding for the default time, paid after it is held.
	 */
	public LineupItemDetails(UUID skuId, Long sessionPriceFen, Long quota, Long perBuyerLimit) {
		this(skuId, sessionPriceFen, quota, perBuyerLimit, null, null, null);
	}

}
