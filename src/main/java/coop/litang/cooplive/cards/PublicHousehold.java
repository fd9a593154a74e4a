package coop.litang.cooplive.cards;

import java.util.List;

/**
 * A household card's public page: only what the household agreed to show. Never its
 * phone, its people, its capital or its dividends.
 *
 * @param cardCode the card's code
 * @param member always true: the card belongs to a member household of the cooperative
 * @param name its name, if it agreed to show it
 * @param villageZh its village in Chinese, if it agreed to show it
 * @param villageEn in English
 * @param townshipZh its township in Chinese, with the village
 * @param townshipEn in English
 * @param delivers the products it delivers to the cooperative (Chinese / English names),
 * if it agreed to show them
 * @param joinedYear the year it joined the cooperative
 */
public record PublicHousehold(String cardCode, boolean member, String name, String villageZh, String villageEn,
		String townshipZh, String townshipEn, List<Product> delivers, int joinedYear) {

	/**
	 * @param nameZh in Chinese
	 * @param nameEn in English
	 */
	public record Product(String nameZh, String nameEn) {
	}

}
