package coop.litang.cooplive.ordering;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A session's sales so far: orders that hold or bought goods (not cancelled, expired or
 * refunded).
 *
 * @param sessionId the session
 * @param orders number of orders
 * @param units units ordered
 * @param gmvFen gross merchandise value in fen
 * @param ordersLastMinute orders placed in the last minute
 * @param items per line-up item: sold and remaining
 * @param at when these figures were read
 */
public record SessionStatsView(UUID sessionId, long orders, long units, long gmvFen, long ordersLastMinute,
		List<ItemStats> items, Instant at) {

	/**
	 * @param lineupItemId the line-up item
	 * @param sku its SKU code
	 * @param sold units held or bought
	 * @param remaining units left of the quota
	 */
	public record ItemStats(UUID lineupItemId, String sku, long sold, long remaining) {
	}

}
