package coop.litang.cooplive.ordering;

import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * Refuses to start the {@code prod} profile with the development access-token secret:
 * anyone could then forge the token of any order.
 */
@Component
class ProductionGuard {

	ProductionGuard(Environment environment, OrderingSettings settings) {
		if (environment.acceptsProfiles(Profiles.of("prod"))
				&& OrderingSettings.DEV_SECRET.equals(settings.accessTokenSecret())) {
			throw new IllegalStateException("cooplive.ordering.access-token-secret (COOPLIVE_ORDER_TOKEN_SECRET) still "
					+ "has its development default; set a secret of your own for the prod profile");
		}
	}

}
