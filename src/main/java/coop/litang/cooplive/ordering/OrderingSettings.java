package coop.litang.cooplive.ordering;

import coop.litang.cooplive.shared.Secrets;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How orders hold stock and how buyers prove an order is theirs.
 *
 * @param holdDuration how long an unpaid order holds its stock; fixed when it is placed
 * @param sweepInterval how often expired holds are released
 * @param cashOnDeliveryHold how long a cash on delivery order holds its stock before it
 * ships
 * @param streamsPerUser live-stats streams one user may hold open at once on an instance
 * @param accessTokenSecret key that derives each order's access token, at least 32 bytes;
 * the development default is accepted only under the {@code dev} profile
 */
@ConfigurationProperties("cooplive.ordering")
public record OrderingSettings(@DefaultValue("15m") Duration holdDuration, @DefaultValue("10s") Duration sweepInterval,
		String accessTokenSecret, @DefaultValue("72h") Duration cashOnDeliveryHold,
		@DefaultValue("4") int streamsPerUser) {

	/** Only for development and tests: the {@code dev} profile's value. */
	public static final String DEV_SECRET = "cooplive-order-token-development-secret-0123456789";

	public OrderingSettings {
		if (holdDuration.isNegative() || holdDuration.isZero()) {
			throw new IllegalArgumentException("cooplive.ordering.hold-duration must be positive");
		}
		if (streamsPerUser < 1) {
			throw new IllegalArgumentException("cooplive.ordering.streams-per-user must be at least 1");
		}
		if (cashOnDeliveryHold.isNegative() || cashOnDeliveryHold.isZero()) {
			throw new IllegalArgumentException("cooplive.ordering.cash-on-delivery-hold must be positive");
		}
		Secrets.requireUsable("cooplive.ordering.access-token-secret", "COOPLIVE_ORDER_TOKEN_SECRET",
				accessTokenSecret);
	}

	@Override
	public String toString() {
		return "OrderingSettings[holdDuration=" + this.holdDuration + ", sweepInterval=" + this.sweepInterval
				+ ", cashOnDeliveryHold=" + this.cashOnDeliveryHold + "]";
	}

}
