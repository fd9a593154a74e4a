package coop.litang.cooplive.buyers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import coop.litang.cooplive.shared.PhoneNumber;
import coop.litang.cooplive.testing.AliyunSmsFake;
import coop.litang.cooplive.testing.Fixtures;
import coop.litang.cooplive.testing.IntegrationTest;
import coop.litang.cooplive.testing.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Buyers verify their phone end to end: the service sends codes through its Aliyun SMS
 * adapter to a local fake that checks Aliyun's signature and parameters, and the tests
 * read the code the fake received, as a buyer reads the SMS.
 */
@IntegrationTest
@TestPropertySource(properties = { "cooplive.test.context=buyers", "cooplive.sms.provider=aliyun",
		"cooplive.sms.aliyun.access-key-id=" + AliyunSmsFake.ACCESS_KEY_ID,
		"cooplive.sms.aliyun.access-key-secret=" + AliyunSmsFake.ACCESS_KEY_SECRET,
		"cooplive.sms.aliyun.sign-name=" + AliyunSmsFake.SIGN_NAME,
		"cooplive.sms.aliyun.template-code=" + AliyunSmsFake.TEMPLATE_CODE, "cooplive.sms.timeout=1s" })
class BuyerVerificationIntegrationTests {

	static final AliyunSmsFake SMS = AliyunSmsFake.shared();

	private static final String SEND = "/api/v1/storefront/buyers/verification";

	private static final String CONFIRM = "/api/v1/storefront/buyers/verification/confirm";

	@DynamicPropertySource
	static void aliyun(DynamicPropertyRegistry registry) {
		registry.add("cooplive.sms.aliyun.endpoint", SMS::baseUrl);
	}

	@Autowired
	WebTestClient web;

	@Autowired
	BuyerTokens tokens;

	@Autowired
	MutableClock clock;

	@Autowired
	MeterRegistry meters;

	@LocalServerPort
	int port;

	@AfterEach
	void healSms() {
		SMS.heal();
	}

	// helpers

	private WebTestClient.ResponseSpec askForCode(String phone) {
		return this.web.post()
			.uri(SEND)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("phone", phone))
			.exchange();
	}

	private WebTestClient.ResponseSpec confirm(String phone, String code) {
		return this.web.post()
			.uri(CONFIRM)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("phone", phone, "code", code))
			.exchange();
	}

	private String sendCode(String phone) {
		askForCode(phone).expectStatus().isAccepted();
		return SMS.lastCodeTo(PhoneNumber.parse(phone).value());
	}

	private static String wrong(String code) {
		return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
	}

	private double codes(String outcome) {
		return this.meters.get("cooplive.buyers.codes").tag("outcome", outcome).counter().count();
	}

	// the tests

	@Test
	void aCodeSentAndConfirmedGivesATokenNamingTheNormalizedPhone() {
		String phone = Fixtures.uniquePhone();
		String spelled = "+86 " + phone.substring(0, 3) + "-" + phone.substring(3, 7) + "-" + phone.substring(7);
		double sentBefore = codes("sent");

		askForCode(spelled).expectStatus()
			.isAccepted()
			.expectBody()
			.jsonPath("$.phone")
			.isEqualTo(phone.substring(0, 3) + "****" + phone.substring(7))
			.jsonPath("$.expiresInSeconds")
			.isEqualTo(300)
			.jsonPath("$.resendAfterSeconds")
			.isEqualTo(60);
		List<AliyunSmsFake.Message> sent = SMS.messagesTo(phone);
		assertThat(sent).hasSize(1);
		assertThat(sent.get(0).signName()).isEqualTo(AliyunSmsFake.SIGN_NAME);
		assertThat(sent.get(0).templateCode()).isEqualTo(AliyunSmsFake.TEMPLATE_CODE);
		assertThat(sent.get(0).regionId()).isEqualTo("cn-hangzhou");
		String code = sent.get(0).code();
		assertThat(code).matches("[0-9]{6}");
		assertThat(codes("sent")).isEqualTo(sentBefore + 1);

		Map<?, ?> verified = confirm("0086 " + phone, code).expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(verified.get("phone")).isEqualTo(phone);
		String token = (String) verified.get("buyerToken");
		assertThat(this.tokens.verifiedPhone(token)).contains(new PhoneNumber(phone));
		Instant expiresAt = Instant.parse((String) verified.get("expiresAt"));
		assertThat(expiresAt).isBetween(this.clock.instant().plus(Duration.ofHours(6)).minusSeconds(5),
				this.clock.instant().plus(Duration.ofHours(6)));
		assertThat(BuyerTokens.HEADER).isEqualTo("X-Buyer-Token");
	}

	@Test
	void aCodeIsConfirmedOnce() {
		String phone = Fixtures.uniquePhone();
		String code = sendCode(phone);
		confirm(phone, code).expectStatus().isOk();

		confirm(phone, code).expectStatus()
			.isEqualTo(422)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("CODE_EXPIRED");
	}

	@Test
	void aCodeExpiresAfterFiveMinutesOfTheServicesClock() {
		String phone = Fixtures.uniquePhone();
		String code = sendCode(phone);
		this.clock.advance(Duration.ofMinutes(5).plusSeconds(1));

		confirm(phone, code).expectStatus().isEqualTo(422).expectBody().jsonPath("$.code").isEqualTo("CODE_EXPIRED");
		// a new one works
		String next = sendCode(phone);
		confirm(phone, next).expectStatus().isOk();
	}

	@Test
	void aWrongCodeTellsTheTriesLeftAndTheFifthWithdrawsTheCode() {
		String phone = Fixtures.uniquePhone();
		String code = sendCode(phone);
		for (int left = 4; left >= 1; left--) {
			confirm(phone, wrong(code)).expectStatus()
				.isEqualTo(422)
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("CODE_INVALID")
				.jsonPath("$.triesLeft")
				.isEqualTo(left);
		}
		confirm(phone, wrong(code)).expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.exists("Retry-After")
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("VERIFICATION_LOCKED");
		// even the right code is refused now
		confirm(phone, code).expectStatus()
			.isEqualTo(429)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("VERIFICATION_LOCKED");
		// a new code, once the minute is over, works
		this.clock.advance(Duration.ofSeconds(61));
		confirm(phone, sendCode(phone)).expectStatus().isOk();
	}

	@Test
	void anotherCodeWithinAMinuteIsRefusedWithRetryAfter() {
		String phone = Fixtures.uniquePhone();
		String first = sendCode(phone);

		askForCode(phone).expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.value("Retry-After", (seconds) -> assertThat(Long.parseLong(seconds)).isBetween(1L, 60L))
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("CODE_RESEND_TOO_SOON");
		assertThat(SMS.messagesTo(phone)).hasSize(1);

		this.clock.advance(Duration.ofSeconds(61));
		String second = sendCode(phone);
		assertThat(SMS.messagesTo(phone)).hasSize(2);
		// the new code replaced the first
		if (!second.equals(first)) {
			confirm(phone, first).expectStatus().isEqualTo(422);
		}
		confirm(phone, second).expectStatus().isOk();
	}

	@Test
	void aNumberIsSentFiveCodesADayInChina() {
		Clock china = this.clock.withZone(BuyerVerification.CHINA);
		Instant midnight = LocalDate.now(china).plusDays(1).atStartOfDay(BuyerVerification.CHINA).toInstant();
		if (Duration.between(this.clock.instant(), midnight).compareTo(Duration.ofMinutes(15)) < 0) {
			// the five codes must fall on one day
			this.clock.advance(Duration.between(this.clock.instant(), midnight).plusMinutes(1));
		}
		String phone = Fixtures.uniquePhone();
		for (int i = 0; i < 5; i++) {
			sendCode(phone);
			this.clock.advance(Duration.ofSeconds(61));
		}

		long untilMidnight = Duration
			.between(this.clock.instant(),
					LocalDate.ofInstant(this.clock.instant(), BuyerVerification.CHINA)
						.plusDays(1)
						.atStartOfDay(BuyerVerification.CHINA)
						.toInstant())
			.toSeconds();
		askForCode(phone).expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.value("Retry-After",
					(seconds) -> assertThat(Long.parseLong(seconds)).isBetween(untilMidnight - 5, untilMidnight + 5))
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("DAILY_CODE_LIMIT");
		assertThat(SMS.messagesTo(phone)).hasSize(5);

		this.clock.advance(Duration.ofSeconds(untilMidnight + 1));
		sendCode(phone);
		assertThat(SMS.messagesTo(phone)).hasSize(6);
	}

	@Test
	void concurrentConfirmationsOfOneCodeGetExactlyOneToken() {
		ConnectionProvider connections = ConnectionProvider.builder("confirmations").maxConnections(64).build();
		try {
			WebClient client = WebClient.builder()
				.baseUrl("http://127.0.0.1:" + this.port)
				.clientConnector(new ReactorClientHttpConnector(
						HttpClient.create(connections).responseTimeout(Duration.ofSeconds(30))))
				.build();
			for (int round = 0; round < 5; round++) {
				String phone = Fixtures.uniquePhone();
				String code = sendCode(phone);
				List<Integer> statuses = Flux.range(0, 24)
					.flatMap((i) -> client.post()
						.uri(CONFIRM)
						.contentType(MediaType.APPLICATION_JSON)
						.bodyValue(Map.of("phone", phone, "code", code))
						.exchangeToMono((response) -> response.bodyToMono(String.class)
							.defaultIfEmpty("")
							.map((body) -> response.statusCode().value())), 24)
					.collectList()
					.block(Duration.ofSeconds(60));
				assertThat(statuses).as("round %d", round).hasSize(24);
				assertThat(statuses.stream().filter((status) -> status == 200)).as("round %d", round).hasSize(1);
				assertThat(statuses.stream().filter((status) -> status == 422)).as("round %d", round).hasSize(23);
			}
		}
		finally {
			connections.dispose();
		}
	}

	@Test
	void badInputIsAnswered400NamingTheField() {
		this.web.post()
			.uri(SEND)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("phone");
		askForCode("12345").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("INVALID_INPUT")
			.jsonPath("$.errors[0].field")
			.isEqualTo("phone");
		confirm("12345", "123456").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("phone");
		String phone = Fixtures.uniquePhone();
		for (String code : new String[] { "12345", "1234567", "12a456", "" }) {
			confirm(phone, code).expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.errors[0].field")
				.isEqualTo("code");
		}
		this.web.post()
			.uri(SEND)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"phone\": ")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("body");
		assertThat(SMS.messagesTo(phone)).isEmpty();
	}

	@Test
	void theProvidersRefusalsBecomeClearAnswersAndHoldNothing() {
		String phone = Fixtures.uniquePhone();

		SMS.answerWith("isv.BUSINESS_LIMIT_CONTROL");
		askForCode(phone).expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.exists("Retry-After")
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("SMS_THROTTLED");

		SMS.answerWith("isv.MOBILE_NUMBER_ILLEGAL");
		askForCode(phone).expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("phone");

		for (String code : new String[] { "isv.AMOUNT_NOT_ENOUGH", "isv.OUT_OF_SERVICE", "isv.DAY_LIMIT_CONTROL" }) {
			SMS.answerWith(code);
			askForCode(phone).expectStatus()
				.isEqualTo(503)
				.expectHeader()
				.exists("Retry-After")
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("SMS_UNAVAILABLE");
		}

		SMS.heal();
		SMS.failWith(500);
		askForCode(phone).expectStatus().isEqualTo(503).expectBody().jsonPath("$.code").isEqualTo("SMS_UNAVAILABLE");
		assertThat(SMS.refusals()).contains("isv.BUSINESS_LIMIT_CONTROL", "isv.MOBILE_NUMBER_ILLEGAL",
				"isv.AMOUNT_NOT_ENOUGH", "InternalError");

		// none of it counted: the number is sent a code at once, and it works
		SMS.heal();
		confirm(phone, sendCode(phone)).expectStatus().isOk();
		assertThat(SMS.messagesTo(phone)).hasSize(1);
	}

	@Test
	void aProviderThatDoesNotAnswerInTimeIsAnswered503AndTheCodeThatMayHaveGoneOutStaysGood() {
		String phone = Fixtures.uniquePhone();
		SMS.answerAfter(Duration.ofSeconds(2));
		askForCode(phone).expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.exists("Retry-After")
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("SMS_UNAVAILABLE");

		// the message arrives late: its code still confirms
		await().atMost(Duration.ofSeconds(10)).until(() -> SMS.messagesTo(phone).size() == 1);
		SMS.heal();
		confirm(phone, SMS.lastCodeTo(phone)).expectStatus().isOk();
		// and the buyer who never got it may ask again at once
		String other = Fixtures.uniquePhone();
		SMS.answerAfter(Duration.ofSeconds(2));
		askForCode(other).expectStatus().isEqualTo(503);
		await().atMost(Duration.ofSeconds(10)).until(() -> SMS.messagesTo(other).size() == 1);
		SMS.heal();
		askForCode(other).expectStatus().isAccepted();
		assertThat(SMS.messagesTo(other)).hasSize(2);
		confirm(other, SMS.lastCodeTo(other)).expectStatus().isOk();
	}

	@Test
	void aRequestSignedWithAnotherSecretIsRefusedByTheFake() {
		AliyunSms forged = new AliyunSms(new SmsSettings.Aliyun(AliyunSmsFake.ACCESS_KEY_ID, "not-the-account-secret",
				AliyunSmsFake.SIGN_NAME, AliyunSmsFake.TEMPLATE_CODE, SMS.baseUrl(), "cn-hangzhou"),
				Duration.ofSeconds(2), this.clock);
		AliyunSms unknown = new AliyunSms(new SmsSettings.Aliyun("LTAI-unknown", AliyunSmsFake.ACCESS_KEY_SECRET,
				AliyunSmsFake.SIGN_NAME, AliyunSmsFake.TEMPLATE_CODE, SMS.baseUrl(), "cn-hangzhou"),
				Duration.ofSeconds(2), this.clock);
		try {
			String phone = Fixtures.uniquePhone();
			StepVerifier.create(forged.sendCode(new PhoneNumber(phone), "123456"))
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(SmsNotSent.class,
						(notSent) -> assertThat(notSent.answer().getMessage()).contains("cannot be sent")))
				.verify(Duration.ofSeconds(10));
			assertThat(SMS.refusals()).last().isEqualTo("SignatureDoesNotMatch");
			StepVerifier.create(unknown.sendCode(new PhoneNumber(phone), "123456"))
				.expectError(SmsNotSent.class)
				.verify(Duration.ofSeconds(10));
			assertThat(SMS.refusals()).last().isEqualTo("InvalidAccessKeyId.NotFound");
			assertThat(SMS.messagesTo(phone)).isEmpty();
		}
		finally {
			forged.close();
			unknown.close();
		}
	}

	@Test
	void theServicesOwnRequestsPassTheFakesChecks() {
		int refusedBefore = SMS.refusals().size();
		List<String> phones = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			String phone = Fixtures.uniquePhone();
			phones.add(phone);
			sendCode(phone);
		}
		assertThat(SMS.refusals()).hasSize(refusedBefore);
		phones.forEach((phone) -> assertThat(SMS.messagesTo(phone)).hasSize(1));
		assertThat(
				JsonMapper.builder().build().readValue(SMS.messagesTo(phones.get(0)).get(0).templateParam(), Map.class))
			.containsOnlyKeys("code");
	}

	@Test
	void theStorefrontsApiDescriptionDocumentsVerification() {
		this.web.get()
			.uri("/v3/api-docs/storefront")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.paths['" + SEND + "'].post.summary")
			.exists()
			.jsonPath("$.paths['" + SEND + "'].post.tags[0]")
			.isEqualTo("storefront")
			.jsonPath("$.paths['" + SEND + "'].post.responses['202']")
			.exists()
			.jsonPath("$.paths['" + SEND + "'].post.responses['429'].headers['Retry-After']")
			.exists()
			.jsonPath("$.paths['" + SEND + "'].post.responses['503'].content['application/problem+json']")
			.exists()
			.jsonPath("$.paths['" + CONFIRM + "'].post.summary")
			.exists()
			.jsonPath("$.paths['" + CONFIRM + "'].post.responses['200']")
			.exists()
			.jsonPath("$.paths['" + CONFIRM + "'].post.responses['422'].content['application/problem+json']")
			.exists()
			.jsonPath("$.paths['" + CONFIRM + "'].post.responses['400']")
			.exists();
	}

}
