package coop.litang.cooplive.livestream;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What hosts may set on their own.
 *
 * @param minPricePercent the lowest session price a host may set, as a percentage of the
 * SKU's list price; a lower one needs an admin (so a host cannot give a drop away)
 */
@ConfigurationProperties("cooplive.livestream")
public record LivestreamSettings(@DefaultValue("50") int minPricePercent) {

	public LivestreamSettings {
		if (minPricePercent < 0 || minPricePercent > 100) {
			throw new IllegalArgumentException("cooplive.livestream.min-price-percent must be between 0 and 100");
		}
	}

	/**
	 * The lowest price in fen a host may set for a SKU of this list price (rounded up).
	 */
	long lowestPriceWithoutAdmin(long listPriceFen) {
		long scaled = Math.multiplyExact(listPriceFen, this.minPricePercent);
		return scaled / 100 + ((scaled % 100 == 0) ? 0 : 1);
	}

}
