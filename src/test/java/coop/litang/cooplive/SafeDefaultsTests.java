package coop.litang.cooplive;

import java.util.HashMap;
import java.util.Map;

import coop.litang.cooplive.testing.TestServices;
import coop.litang.cooplive.testing.WholeResponses;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A run that is not the {@code dev} profile ({@code java -jar}, the image) starts only
 * with secrets of its own, names the setting it refuses, and has no demo users; a real
 * install's first admin signs in under {@code prod}.
 */
class SafeDefaultsTests {

	private static final String JWT = "cooplive.identity.jwt-secret";

	private static final String ORDER_TOKEN = "cooplive.ordering.access-token-secret";

	private static final String BUYER_TOKEN = "cooplive.buyers.token-secret";

	private static final Map<String, Object> OWN_SECRETS = Map.of(JWT, "a-production-secret-of-at-least-32-bytes!",
			ORDER_TOKEN, "another-production-secret-of-32-bytes!", BUYER_TOKEN,
			"a-buyer-token-secret-of-at-least-32-bytes!");

	// as command-line arguments, which outrank application.yaml like a real deployment's
	// settings; no profile unless given
	private static ConfigurableApplicationContext start(WebApplicationType web, Map<String, Object> overrides,
			String... profiles) {
		Map<String, Object> properties = new HashMap<>(TestServices.get().newContextProperties());
		properties.putAll(overrides);
		String[] args = properties.entrySet()
			.stream()
			.map((e) -> "--" + e.getKey() + "=" + e.getValue())
			.toArray(String[]::new);
		return new SpringApplicationBuilder(CoopliveApplication.class).web(web).profiles(profiles).run(args);
	}

	private static void startAndStop(Map<String, Object> overrides) {
		start(WebApplicationType.NONE, overrides).close();
	}

	private static Map<String, Object> without(String key) {
		Map<String, Object> all = new HashMap<>(OWN_SECRETS);
		all.remove(key);
		return all;
	}

	private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
		Map<String, Object> all = new HashMap<>(base);
		all.put(key, value);
		return all;
	}

	@Test
	void withoutSecretsItDoesNotStartAndSaysWhichIsMissing() {
		assertThatThrownBy(() -> startAndStop(Map.of())).hasStackTraceContaining("is not set");
		assertThatThrownBy(() -> startAndStop(without(JWT))).hasStackTraceContaining(JWT)
			.hasStackTraceContaining("COOPLIVE_JWT_SECRET")
			.hasStackTraceContaining("is not set");
		assertThatThrownBy(() -> startAndStop(without(ORDER_TOKEN))).hasStackTraceContaining(ORDER_TOKEN)
			.hasStackTraceContaining("COOPLIVE_ORDER_TOKEN_SECRET");
		assertThatThrownBy(() -> startAndStop(without(BUYER_TOKEN))).hasStackTraceContaining(BUYER_TOKEN)
			.hasStackTraceContaining("COOPLIVE_BUYER_TOKEN_SECRET");
	}

	@Test
	void theDevelopmentDefaultsAreRefusedOutsideTheDevProfile() {
		assertThatThrownBy(
				() -> startAndStop(with(OWN_SECRETS, JWT, "cooplive-development-secret-change-me-0123456789")))
			.hasStackTraceContaining(JWT)
			.hasStackTraceContaining("development default");
		assertThatThrownBy(() -> startAndStop(
				with(OWN_SECRETS, ORDER_TOKEN, "cooplive-order-token-development-secret-0123456789")))
			.hasStackTraceContaining(ORDER_TOKEN)
			.hasStackTraceContaining("development default");
		assertThatThrownBy(() -> startAndStop(
				with(OWN_SECRETS, BUYER_TOKEN, "cooplive-buyer-token-development-secret-0123456789")))
			.hasStackTraceContaining(BUYER_TOKEN)
			.hasStackTraceContaining("development default");
	}

	@Test
	void aTemplatesPlaceholderOrAShortSecretIsRefused() {
		assertThatThrownBy(
				() -> startAndStop(with(OWN_SECRETS, JWT, "REPLACE_WITH_A_RANDOM_SECRET_OF_32_BYTES_OR_MORE")))
			.hasStackTraceContaining(JWT)
			.hasStackTraceContaining("placeholder");
		assertThatThrownBy(() -> startAndStop(with(OWN_SECRETS, ORDER_TOKEN, "too-short")))
			.hasStackTraceContaining(ORDER_TOKEN)
			.hasStackTraceContaining("at least 32 bytes");
	}

	@Test
	void aStripeKeyWithoutTheWebhookSecretIsRefused() {
		assertThatThrownBy(() -> startAndStop(with(OWN_SECRETS, "cooplive.stripe.secret-key", "sk_test_123")))
			.hasStackTraceContaining("cooplive.stripe.webhook-secret")
			.hasStackTraceContaining("COOPLIVE_STRIPE_WEBHOOK_SECRET");
		assertThatThrownBy(() -> startAndStop(with(with(OWN_SECRETS, "cooplive.stripe.secret-key", "sk_test_123"),
				"cooplive.stripe.webhook-secret", "REPLACE_WITH_THE_WEBHOOK_SIGNING_SECRET")))
			.hasStackTraceContaining("placeholder");
	}

	@Test
	void withSecretsOfItsOwnItStartsWithoutDemoUsers() {
		try (ConfigurableApplicationContext context = start(WebApplicationType.REACTIVE,
				with(OWN_SECRETS, "server.port", "0"))) {
			WebTestClient web = WholeResponses
				.bindToServer("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
			web.post()
				.uri("/api/v1/auth/token")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"username\":\"admin\",\"password\":\"admin-dev-pass\"}")
				.exchange()
				.expectStatus()
				.isUnauthorized();
		}
	}

	@Test
	void theFirstAdminOfARealInstallSignsInUnderProd() {
		Map<String, Object> settings = new HashMap<>(OWN_SECRETS);
		settings.put("server.port", "0");
		settings.put("cooplive.identity.bootstrap-admin.username", "first.admin");
		settings.put("cooplive.identity.bootstrap-admin.password", "a-first-admin-password-of-some-length");
		try (ConfigurableApplicationContext context = start(WebApplicationType.REACTIVE, settings, "prod")) {
			WebTestClient web = WholeResponses
				.bindToServer("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
			String token = web.post()
				.uri("/api/v1/auth/token")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"username\":\"first.admin\",\"password\":\"a-first-admin-password-of-some-length\"}")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(Map.class)
				.returnResult()
				.getResponseBody()
				.get("accessToken")
				.toString();
			web.get()
				.uri("/api/v1/admin/users")
				.header("Authorization", "Bearer " + token)
				.exchange()
				.expectStatus()
				.isOk();
			assertThat(token).isNotBlank();
		}
	}

}
