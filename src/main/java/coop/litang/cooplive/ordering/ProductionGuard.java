package coop.litang.cooplive.ordering;

import coop.litang.cooplive.shared.Secrets;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Refuses to start with the development access-token secret outside the {@code dev}
 * profile: anyone could then forge the token of any order.
 */
@Component
class ProductionGuard {

	ProductionGuard(Environment environment, OrderingSettings settings) {
		Secrets.requireNotDevelopment(environment, "cooplive.ordering.access-token-secret",
				"COOPLIVE_ORDER_TOKEN_SECRET", settings.accessTokenSecret(), OrderingSettings.DEV_SECRET);
	}

}
