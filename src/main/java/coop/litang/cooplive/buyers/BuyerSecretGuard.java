package coop.litang.cooplive.buyers;

import coop.litang.cooplive.shared.Secrets;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Refuses to start with the development buyer-token secret outside the {@code dev}
 * profile: anyone could then sign a token for any phone number.
 */
@Component
class BuyerSecretGuard {

	BuyerSecretGuard(Environment environment, BuyerSettings settings) {
		Secrets.requireNotDevelopment(environment, "cooplive.buyers.token-secret", "COOPLIVE_BUYER_TOKEN_SECRET",
				settings.tokenSecret(), BuyerSettings.DEV_SECRET);
	}

}
