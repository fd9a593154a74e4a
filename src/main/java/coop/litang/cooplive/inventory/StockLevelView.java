package coop.litang.cooplive.inventory;

import java.util.UUID;

/**
 * A SKU's stock: on hand, reserved (held for unpaid orders and live sessions), and
 * available = on hand − reserved.
 *
 * @param skuId the SKU
 * @param onHand units in the cooperative's store
 * @param reserved units held
 * @param available units that can be ordered now
 */
public record StockLevelView(UUID skuId, long onHand, long reserved, long available) {

	public static StockLevelView of(UUID skuId, long onHand, long reserved) {
		return new StockLevelView(skuId, onHand, reserved, onHand - reserved);
	}

}
