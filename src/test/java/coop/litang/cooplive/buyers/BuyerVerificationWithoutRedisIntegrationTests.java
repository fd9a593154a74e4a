package coop.litang.cooplive.buyers;

import java.util.Map;

import coop.litang.cooplive.shared.PhoneNumber;
import coop.litang.cooplive.testing.AliyunSmsFake;
import coop.litang.cooplive.testing.Fixtures;
import coop.litang.cooplive.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With Redis unreachable, codes can be neither kept nor checked: asking for one and
 * sending one back are answered {@code 503 VERIFICATION_UNAVAILABLE} with
 * {@code Retry-After}, no SMS goes out, and a token issued before is still accepted.
 */
@IntegrationTest
@TestPropertySource(properties = { "cooplive.redis.address=redis://127.0.0.1:1", "cooplive.sms.provider=aliyun",
		"cooplive.sms.aliyun.access-key-id=" + AliyunSmsFake.ACCESS_KEY_ID,
		"cooplive.sms.aliyun.access-key-secret=" + AliyunSmsFake.ACCESS_KEY_SECRET,
		"cooplive.sms.aliyun.sign-name=" + AliyunSmsFake.SIGN_NAME,
		"cooplive.sms.aliyun.template-code=" + AliyunSmsFake.TEMPLATE_CODE })
class BuyerVerificationWithoutRedisIntegrationTests {

	static final AliyunSmsFake SMS = AliyunSmsFake.shared();

	@DynamicPropertySource
	static void aliyun(DynamicPropertyRegistry registry) {
		registry.add("cooplive.sms.aliyun.endpoint", SMS::baseUrl);
	}

	@Autowired
	WebTestClient web;

	@Autowired
	BuyerTokens tokens;

	@Test
	void verificationAnswers503AndSendsNothing() {
		String phone = Fixtures.uniquePhone();
		this.web.post()
			.uri("/api/v1/storefront/buyers/verification")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("phone", phone))
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.exists("Retry-After")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("VERIFICATION_UNAVAILABLE");
		this.web.post()
			.uri("/api/v1/storefront/buyers/verification/confirm")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("phone", phone, "code", "123456"))
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("VERIFICATION_UNAVAILABLE");
		assertThat(SMS.messagesTo(phone)).isEmpty();
		// tokens need no Redis
		String token = this.tokens.issue(PhoneNumber.parse(phone));
		assertThat(this.tokens.verifiedPhone(token)).isPresent();
	}

}
