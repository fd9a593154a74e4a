package coop.litang.cooplive.buyers;

import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

import coop.litang.cooplive.shared.InvalidInput;
import coop.litang.cooplive.shared.PhoneNumber;
import coop.litang.cooplive.shared.Refusal;
import coop.litang.cooplive.shared.TooManyRequests;
import coop.litang.cooplive.shared.Unavailable;
import io.netty.channel.ChannelOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends verification codes through Aliyun SMS (Dysmsapi {@code SendSms}, API version
 * 2017-05-25) over its HTTP RPC API: a form-encoded {@code POST} signed with the
 * account's AccessKey ({@link AliyunSignature}), answered with JSON {@code {"Code": "OK",
 * "Message", "BizId", "RequestId"}} or another {@code Code}. Non-blocking (WebClient),
 * bounded by {@code cooplive.sms.timeout}.
 * <p>
 * What the buyer is told: the provider's own per-number limit
 * ({@code isv.BUSINESS_LIMIT_CONTROL}) is {@code 429 SMS_THROTTLED}, a number it calls
 * illegal ({@code isv.MOBILE_NUMBER_ILLEGAL}) is a {@code 400} naming {@code phone}, any
 * other refusal (balance, signature, template, key, throttling of the whole account,
 * outages, timeouts) is {@code 503 SMS_UNAVAILABLE}, logged with Aliyun's code and
 * request id.
 */
final class AliyunSms implements SmsSender, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(AliyunSms.class);

	static final String VERSION = "2017-05-25";

	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
		.withZone(ZoneOffset.UTC);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	// the whole account or Aliyun itself, not this number: nobody gets codes for a while
	private static final Set<String> PROVIDER_BUSY = Set.of("Throttling", "Throttling.User", "Throttling.Api",
			"isv.DAY_LIMIT_CONTROL", "isv.MONTH_LIMIT_CONTROL", "isp.SYSTEM_ERROR", "InternalError",
			"ServiceUnavailable");

	private final SmsSettings.Aliyun account;

	private final Duration timeout;

	private final Clock clock;

	private final ConnectionProvider connections;

	private final WebClient client;

	private final String uri;

	AliyunSms(SmsSettings.Aliyun account, Duration timeout, Clock clock) {
		this.account = account;
		this.timeout = timeout;
		this.clock = clock;
		this.connections = ConnectionProvider.builder("aliyun-sms")
			.maxConnections(16)
			.pendingAcquireMaxCount(256)
			.maxIdleTime(Duration.ofSeconds(20))
			.build();
		HttpClient http = HttpClient.create(this.connections)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(timeout.toMillis(), 3000))
			.responseTimeout(timeout);
		this.client = WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
		String endpoint = account.endpoint();
		this.uri = endpoint.endsWith("/") ? endpoint : endpoint + "/";
	}

	@Override
	public Mono<Void> sendCode(PhoneNumber phone, String code) {
		return Mono
			.defer(() -> this.client.post()
				.uri(this.uri)
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.accept(MediaType.APPLICATION_JSON)
				.bodyValue(AliyunSignature.signedForm("POST", parameters(phone, code), this.account.accessKeySecret()))
				.exchangeToMono((response) -> response.bodyToMono(String.class)
					.defaultIfEmpty("")
					.map((body) -> new Answer(response.statusCode().value(), body))))
			.timeout(this.timeout)
			.onErrorMap((ex) -> notSent(phone, ex))
			.flatMap((answer) -> outcome(phone, answer));
	}

	/** Every parameter of a {@code SendSms} request but its signature. */
	Map<String, String> parameters(PhoneNumber phone, String code) {
		Map<String, String> parameters = new HashMap<>();
		parameters.put("AccessKeyId", this.account.accessKeyId());
		parameters.put("Action", "SendSms");
		parameters.put("Format", "JSON");
		parameters.put("PhoneNumbers", phone.value());
		parameters.put("RegionId", this.account.region());
		parameters.put("SignName", this.account.signName());
		parameters.put("SignatureMethod", "HMAC-SHA1");
		parameters.put("SignatureNonce", UUID.randomUUID().toString());
		parameters.put("SignatureVersion", "1.0");
		parameters.put("TemplateCode", this.account.templateCode());
		parameters.put("TemplateParam", JSON.writeValueAsString(Map.of("code", code)));
		parameters.put("Timestamp", TIMESTAMP.format(this.clock.instant()));
		parameters.put("Version", VERSION);
		return parameters;
	}

	private Mono<Void> outcome(PhoneNumber phone, Answer answer) {
		Map<?, ?> json;
		try {
			json = JSON.readValue(answer.body(), Map.class);
		}
		catch (JacksonException ex) {
			log.warn("Aliyun SMS answered HTTP {} without JSON for {}", answer.status(), phone);
			return Mono.error(new SmsNotSent(unavailable(Duration.ofSeconds(30)), false));
		}
		String code = String.valueOf(json.get("Code"));
		if (answer.status() / 100 == 2 && "OK".equals(code)) {
			log.debug("Aliyun SMS took a code for {}: BizId {}", phone, json.get("BizId"));
			return Mono.empty();
		}
		log.warn("Aliyun SMS refused a code for {}: HTTP {}, Code {}, Message {}, RequestId {}", phone, answer.status(),
				code, json.get("Message"), json.get("RequestId"));
		return Mono.error(new SmsNotSent(refusal(code), false));
	}

	/** What the buyer is answered when Aliyun refused a message with this code. */
	static Refusal refusal(String code) {
		if ("isv.BUSINESS_LIMIT_CONTROL".equals(code)) {
			return new TooManyRequests("SMS_THROTTLED",
					"the SMS provider sends this number no more codes for now; try again later", Duration.ofMinutes(1));
		}
		if ("isv.MOBILE_NUMBER_ILLEGAL".equals(code)) {
			return new InvalidInput("phone", "the SMS provider refuses this number");
		}
		return unavailable(PROVIDER_BUSY.contains(code) ? Duration.ofMinutes(1) : Duration.ofSeconds(30));
	}

	private SmsNotSent notSent(PhoneNumber phone, Throwable ex) {
		if (ex instanceof SmsNotSent notSent) {
			return notSent;
		}
		// a connection never made sent nothing; after a timeout the message may be out
		boolean neverConnected = ex instanceof WebClientRequestException && ex.getCause() instanceof ConnectException;
		log.warn("Aliyun SMS did not answer for {} within {}: {}", phone, this.timeout,
				(ex instanceof TimeoutException) ? "timed out" : ex.toString());
		return new SmsNotSent(unavailable(Duration.ofSeconds(5)), !neverConnected);
	}

	private static Unavailable unavailable(Duration retryAfter) {
		return new Unavailable("SMS_UNAVAILABLE", "verification codes cannot be sent right now; try again later",
				retryAfter);
	}

	@Override
	public void close() {
		this.connections.dispose();
	}

	private record Answer(int status, String body) {
	}

}
