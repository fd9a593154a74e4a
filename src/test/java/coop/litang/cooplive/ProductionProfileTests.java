package coop.litang.cooplive;

import java.util.HashMap;
import java.util.Map;

import coop.litang.cooplive.testing.TestServices;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The prod profile refuses to start with development defaults.
 */
class ProductionProfileTests {

	private static void start(Map<String, Object> overrides) {
		Map<String, Object> properties = new HashMap<>(TestServices.get().newContextProperties());
		properties.putAll(overrides);
		// as command-line arguments, so they outrank application.yaml like a real
		// deployment's settings
		String[] args = properties.entrySet()
			.stream()
			.map((e) -> "--" + e.getKey() + "=" + e.getValue())
			.toArray(String[]::new);
		new SpringApplicationBuilder(CoopliveApplication.class).web(WebApplicationType.NONE)
			.profiles("prod")
			.run(args)
			.close();
	}

	@Test
	void refusesTheDemoDataUnderProd() {
		assertThatThrownBy(() -> start(Map.of("cooplive.demo.enabled", "true", "cooplive.identity.jwt-secret",
				"a-production-secret-of-at-least-32-bytes!", "cooplive.ordering.access-token-secret",
				"another-production-secret-of-32-bytes!", "cooplive.buyers.token-secret",
				"a-buyer-token-secret-of-at-least-32-bytes!")))
			.hasStackTraceContaining("cooplive.demo.enabled");
	}

	@Test
	void refusesTheDevelopmentSigningKeyUnderProd() {
		assertThatThrownBy(() -> start(Map.of("cooplive.demo.enabled", "false", "cooplive.ordering.access-token-secret",
				"another-production-secret-of-32-bytes!", "cooplive.buyers.token-secret",
				"a-buyer-token-secret-of-at-least-32-bytes!")))
			.hasStackTraceContaining("cooplive.identity.jwt-secret");
	}

	@Test
	void refusesTheDevelopmentOrderTokenSecretUnderProd() {
		assertThatThrownBy(() -> start(Map.of("cooplive.demo.enabled", "false", "cooplive.identity.jwt-secret",
				"a-production-secret-of-at-least-32-bytes!", "cooplive.buyers.token-secret",
				"a-buyer-token-secret-of-at-least-32-bytes!")))
			.hasStackTraceContaining("cooplive.ordering.access-token-secret");
	}

	@Test
	void refusesTheDevelopmentBuyerTokenSecretUnderProd() {
		assertThatThrownBy(() -> start(Map.of("cooplive.demo.enabled", "false", "cooplive.identity.jwt-secret",
				"a-production-secret-of-at-least-32-bytes!", "cooplive.ordering.access-token-secret",
				"another-production-secret-of-32-bytes!")))
			.hasStackTraceContaining("cooplive.buyers.token-secret");
	}

}
