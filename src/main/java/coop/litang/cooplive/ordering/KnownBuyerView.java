package coop.litang.cooplive.ordering;

import java.time.Instant;

/**
 * A buyer as a host's earlier orders know them: the name and address of the phone's most
 * recent order in one of the host's sessions, to fill in the next order taken from chat.
 *
 * @param phone the phone, normalized: eleven digits
 * @param name the buyer's name on that order
 * @param address where that order was shipped
 * @param lastOrderedAt when that order was placed
 */
public record KnownBuyerView(String phone, String name, String address, Instant lastOrderedAt) {

	@Override
	public String toString() {
		return "KnownBuyerView[hidden]";
	}

}
