package coop.litang.cooplive.ordering;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How orders hold stock and how buyers prove an order is theirs.
 *
 * @param holdDuration how long an unpaid order holds its stock; fixed when it is placed
 * @param sweepInterval how often expired holds are released
 * @param accessTokenSecret key that derives each order's access token; the development
 * default is refused under {@code prod}
 */
@ConfigurationProperties("cooplive.ordering")
public record OrderingSettings(@DefaultValue("15m") Duration holdDuration, @DefaultValue("10s") Duration sweepInterval,
		@DefaultValue(DEV_SECRET) String accessTokenSecret) {

	/** Only for development and tests. */
	public static final String DEV_SECRET = "cooplive-order-token-development-secret-0123456789";

	public OrderingSettings {
		if (holdDuration.isNegative() || holdDuration.isZero()) {
			throw new IllegalArgumentException("cooplive.ordering.hold-duration must be positive");
		}
		if (accessTokenSecret == null || accessTokenSecret.length() < 32) {
			throw new IllegalArgumentException("cooplive.ordering.access-token-secret must be at least 32 characters");
		}
	}

	@Override
	public String toString() {
		return "OrderingSettings[holdDuration=" + this.holdDuration + ", sweepInterval=" + this.sweepInterval + "]";
	}

}
