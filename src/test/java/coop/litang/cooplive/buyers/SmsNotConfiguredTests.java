package coop.litang.cooplive.buyers;

import java.util.HashMap;
import java.util.Map;

import coop.litang.cooplive.CoopliveApplication;
import coop.litang.cooplive.testing.Fixtures;
import coop.litang.cooplive.testing.TestServices;
import coop.litang.cooplive.testing.WholeResponses;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A run outside the {@code dev} profile without an SMS provider starts; a buyer asking
 * for a code is answered {@code 503 SMS_NOT_CONFIGURED} and everything else works. The
 * {@code log} provider, which would write codes to a production log, stops the start.
 */
class SmsNotConfiguredTests {

	private static final Map<String, Object> OWN_SECRETS = Map.of("cooplive.identity.jwt-secret",
			"a-production-secret-of-at-least-32-bytes!", "cooplive.ordering.access-token-secret",
			"another-production-secret-of-32-bytes!", "cooplive.buyers.token-secret",
			"a-buyer-token-secret-of-at-least-32-bytes!");

	// as command-line arguments, which outrank application.yaml like a real deployment's
	// settings; no profile
	private static ConfigurableApplicationContext start(WebApplicationType web, Map<String, Object> overrides) {
		Map<String, Object> properties = new HashMap<>(TestServices.get().newContextProperties());
		properties.putAll(OWN_SECRETS);
		properties.putAll(overrides);
		String[] args = properties.entrySet()
			.stream()
			.map((e) -> "--" + e.getKey() + "=" + e.getValue())
			.toArray(String[]::new);
		return new SpringApplicationBuilder(CoopliveApplication.class).web(web).run(args);
	}

	@Test
	void withoutAProviderACodeIsAnswered503AndTheStorefrontWorks() {
		try (ConfigurableApplicationContext context = start(WebApplicationType.REACTIVE,
				Map.of("server.port", "0", "cooplive.sms.provider", ""))) {
			WebTestClient web = WholeResponses
				.bindToServer("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
			String phone = Fixtures.uniquePhone();
			web.post()
				.uri("/api/v1/storefront/buyers/verification")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("phone", phone))
				.exchange()
				.expectStatus()
				.isEqualTo(503)
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("SMS_NOT_CONFIGURED");
			// nothing was stored: no code is pending for the number
			web.post()
				.uri("/api/v1/storefront/buyers/verification/confirm")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("phone", phone, "code", "123456"))
				.exchange()
				.expectStatus()
				.isEqualTo(422)
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("CODE_EXPIRED");
			web.get().uri("/api/v1/storefront/products").exchange().expectStatus().isOk();
		}
	}

	@Test
	void theLogProviderIsRefusedOutsideDev() {
		assertThatThrownBy(() -> start(WebApplicationType.NONE, Map.of("cooplive.sms.provider", "log")).close())
			.hasStackTraceContaining("cooplive.sms.provider")
			.hasStackTraceContaining("only the dev profile");
	}

	@Test
	void anAliyunProviderWithoutItsKeysIsRefused() {
		assertThatThrownBy(() -> start(WebApplicationType.NONE, Map.of("cooplive.sms.provider", "aliyun")).close())
			.hasStackTraceContaining("cooplive.sms.aliyun.access-key-id")
			.hasStackTraceContaining("COOPLIVE_SMS_ALIYUN_ACCESS_KEY_ID");
	}

}
