package coop.litang.cooplive.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local HTTP fake of Aliyun SMS ({@code SendSms} of Dysmsapi 2017-05-25) speaking its
 * wire format: the RPC parameters as a query ({@code GET}) or a form ({@code POST}),
 * signed with HMAC-SHA1 as Aliyun's documentation describes (its own implementation of
 * the rules, not cooplive's), and JSON answers {@code {"Code", "Message", "BizId",
 * "RequestId"}}. It refuses what Aliyun refuses: an unknown AccessKey ID ({@code 404
 * InvalidAccessKeyId.NotFound}), a wrong signature ({@code 400 SignatureDoesNotMatch}), a
 * reused nonce, a malformed timestamp, a missing parameter, another sign name or
 * template, a template parameter without {@code code}, a number that is not 11 digits. It
 * records the messages it took, so a test reads the code a buyer received; it answers an
 * Aliyun error code, an HTTP status or slowly when told to.
 */
public final class AliyunSmsFake implements AutoCloseable {

	/** The AccessKey the tests' service signs with. */
	public static final String ACCESS_KEY_ID = "LTAI5tCoopliveTestKey01";

	public static final String ACCESS_KEY_SECRET = "cooplive-test-aliyun-access-key-secret";

	public static final String SIGN_NAME = "理塘合作社";

	public static final String TEMPLATE_CODE = "SMS_465321987";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");

	private static final List<String> REQUIRED = List.of("AccessKeyId", "Action", "Format", "PhoneNumbers", "RegionId",
			"SignName", "SignatureMethod", "SignatureNonce", "SignatureVersion", "TemplateCode", "TemplateParam",
			"Timestamp", "Version");

	/** A message the fake took. */
	public record Message(String phone, String signName, String templateCode, String templateParam, String regionId,
			String bizId) {

		/** The {@code code} variable of the template parameter. */
		public String code() {
			return String.valueOf(JSON.readValue(this.templateParam, Map.class).get("code"));
		}

	}

	private static AliyunSmsFake shared;

	private final HttpServer server;

	private final Map<String, String> secrets = new ConcurrentHashMap<>(Map.of(ACCESS_KEY_ID, ACCESS_KEY_SECRET));

	private final Set<String> nonces = ConcurrentHashMap.newKeySet();

	private final List<Message> messages = new CopyOnWriteArrayList<>();

	private final List<String> refusals = new CopyOnWriteArrayList<>();

	private final AtomicReference<String> answerCode = new AtomicReference<>();

	private final AtomicReference<Integer> failStatus = new AtomicReference<>();

	private final AtomicReference<Duration> delay = new AtomicReference<>(Duration.ZERO);

	public AliyunSmsFake() {
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot start the Aliyun SMS fake", ex);
		}
		this.server.setExecutor(Executors.newFixedThreadPool(8, (task) -> {
			Thread thread = new Thread(task, "aliyun-sms-fake");
			thread.setDaemon(true);
			return thread;
		}));
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	/** One fake for the whole test run, stopped when the JVM exits. */
	public static synchronized AliyunSmsFake shared() {
		if (shared == null) {
			shared = new AliyunSmsFake();
			Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "aliyun-sms-fake-stop"));
		}
		return shared;
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	// test controls

	/**
	 * Answers every valid request with this Aliyun code (HTTP 200, as Aliyun answers
	 * {@code isv.*} codes), sending nothing, until {@link #heal()}.
	 */
	public void answerWith(String code) {
		this.answerCode.set(code);
	}

	/** Answers every request with this HTTP status and Aliyun's InternalError. */
	public void failWith(int status) {
		this.failStatus.set(status);
	}

	/** Answers every request only after this long. */
	public void answerAfter(Duration wait) {
		this.delay.set(wait);
	}

	public void heal() {
		this.answerCode.set(null);
		this.failStatus.set(null);
		this.delay.set(Duration.ZERO);
	}

	/** The messages sent to a number, oldest first. */
	public List<Message> messagesTo(String phone) {
		return this.messages.stream().filter((m) -> m.phone().equals(phone)).toList();
	}

	/** The code of the last message sent to a number. */
	public String lastCodeTo(String phone) {
		List<Message> to = messagesTo(phone);
		if (to.isEmpty()) {
			throw new AssertionError("the Aliyun SMS fake sent no message to " + phone);
		}
		return to.get(to.size() - 1).code();
	}

	/** The Aliyun codes of the requests it refused, oldest first. */
	public List<String> refusals() {
		return new ArrayList<>(this.refusals);
	}

	/**
	 * Whether the parameters carry the signature Aliyun computes for them: the parameters
	 * but {@code Signature} sorted by name, each name and value URL-encoded with Aliyun's
	 * three replacements ({@code +} to {@code %20}, {@code *} to {@code %2A}, {@code %7E}
	 * back to {@code ~}), joined as a query, encoded again after {@code METHOD&%2F&},
	 * then HMAC-SHA1 under {@code secret + "&"}, in Base64.
	 */
	public static boolean signatureMatches(String method, Map<String, String> parameters, String secret) {
		String given = parameters.get("Signature");
		return given != null && given.equals(sign(method, parameters, secret));
	}

	static String sign(String method, Map<String, String> parameters, String secret) {
		StringBuilder query = new StringBuilder();
		new TreeMap<>(parameters).forEach((name, value) -> {
			if (!name.equals("Signature")) {
				query.append((query.length() > 0) ? "&" : "").append(encode(name)).append('=').append(encode(value));
			}
		});
		String stringToSign = method + "&" + encode("/") + "&" + encode(query.toString());
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec((secret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
			return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8)
			.replace("+", "%20")
			.replace("*", "%2A")
			.replace("%7E", "~");
	}

	// the server

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			Duration wait = this.delay.get();
			if (!wait.isZero()) {
				sleep(wait);
			}
			String method = exchange.getRequestMethod();
			String raw = method.equals("POST")
					? new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.US_ASCII)
					: exchange.getRequestURI().getRawQuery();
			Map<String, String> parameters = parse(raw);
			Integer status = this.failStatus.get();
			if (status != null) {
				refuse(exchange, status, "InternalError",
						"The request processing has failed due to some unknown error.");
				return;
			}
			if (!method.equals("POST") && !method.equals("GET")) {
				refuse(exchange, 400, "UnsupportedHTTPMethod", "This http method not supported.");
				return;
			}
			for (String name : REQUIRED) {
				if (!parameters.containsKey(name) || parameters.get(name).isEmpty()) {
					refuse(exchange, 400, "Missing" + name, name + " is mandatory for this action.");
					return;
				}
			}
			String secret = this.secrets.get(parameters.get("AccessKeyId"));
			if (secret == null) {
				refuse(exchange, 404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
				return;
			}
			if (!"HMAC-SHA1".equals(parameters.get("SignatureMethod"))
					|| !"1.0".equals(parameters.get("SignatureVersion"))) {
				refuse(exchange, 400, "InvalidSignatureMethod", "Specified signature method is not valid.");
				return;
			}
			if (!signatureMatches(method, parameters, secret)) {
				refuse(exchange, 400, "SignatureDoesNotMatch",
						"Specified signature is not matched with our calculation.");
				return;
			}
			if (!timestamp(parameters.get("Timestamp"))) {
				refuse(exchange, 400, "InvalidTimeStamp.Format",
						"Specified time stamp or date value is not well formatted.");
				return;
			}
			if (!this.nonces.add(parameters.get("SignatureNonce"))) {
				refuse(exchange, 400, "SignatureNonceUsed", "Specified signature nonce was used already.");
				return;
			}
			if (!"SendSms".equals(parameters.get("Action")) || !"2017-05-25".equals(parameters.get("Version"))
					|| !"JSON".equals(parameters.get("Format"))) {
				refuse(exchange, 400, "InvalidParameter",
						"The specified parameter Action, Version or Format is not valid.");
				return;
			}
			if (!SIGN_NAME.equals(parameters.get("SignName"))) {
				refuse(exchange, 200, "isv.SMS_SIGNATURE_ILLEGAL", "该账号下找不到对应签名");
				return;
			}
			if (!TEMPLATE_CODE.equals(parameters.get("TemplateCode"))) {
				refuse(exchange, 200, "isv.SMS_TEMPLATE_ILLEGAL", "该账号下找不到对应模板");
				return;
			}
			if (!codeIn(parameters.get("TemplateParam"))) {
				refuse(exchange, 200, "isv.TEMPLATE_MISSING_PARAMETERS", "模板变量缺少对应参数值");
				return;
			}
			if (!parameters.get("PhoneNumbers").matches("1\\d{10}")) {
				refuse(exchange, 200, "isv.MOBILE_NUMBER_ILLEGAL", "非法手机号");
				return;
			}
			String code = this.answerCode.get();
			if (code != null) {
				refuse(exchange, 200, code, "refused as the test asked");
				return;
			}
			String bizId = System.nanoTime() % 1_000_000_000_000L + "^0";
			this.messages.add(new Message(parameters.get("PhoneNumbers"), parameters.get("SignName"),
					parameters.get("TemplateCode"), parameters.get("TemplateParam"), parameters.get("RegionId"),
					bizId));
			Map<String, Object> ok = new LinkedHashMap<>();
			ok.put("Code", "OK");
			ok.put("Message", "OK");
			ok.put("BizId", bizId);
			ok.put("RequestId", requestId());
			answer(exchange, 200, ok);
		}
	}

	private void refuse(HttpExchange exchange, int status, String code, String message) throws IOException {
		this.refusals.add(code);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("RequestId", requestId());
		if (status != 200) {
			body.put("HostId", "dysmsapi.aliyuncs.com");
		}
		body.put("Code", code);
		body.put("Message", message);
		answer(exchange, status, body);
	}

	private static void answer(HttpExchange exchange, int status, Map<String, Object> body) throws IOException {
		byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private static Map<String, String> parse(String raw) {
		Map<String, String> parameters = new LinkedHashMap<>();
		if (raw == null || raw.isEmpty()) {
			return parameters;
		}
		for (String pair : raw.split("&")) {
			int at = pair.indexOf('=');
			String name = (at < 0) ? pair : pair.substring(0, at);
			String value = (at < 0) ? "" : pair.substring(at + 1);
			parameters.put(URLDecoder.decode(name, StandardCharsets.UTF_8),
					URLDecoder.decode(value, StandardCharsets.UTF_8));
		}
		return parameters;
	}

	private static boolean timestamp(String value) {
		try {
			LocalDateTime.parse(value, TIMESTAMP);
			return true;
		}
		catch (DateTimeParseException ex) {
			return false;
		}
	}

	private static boolean codeIn(String templateParam) {
		try {
			return JSON.readValue(templateParam, Map.class).get("code") instanceof String;
		}
		catch (JacksonException ex) {
			return false;
		}
	}

	private static String requestId() {
		return UUID.randomUUID().toString().toUpperCase();
	}

	private static void sleep(Duration wait) {
		try {
			Thread.sleep(wait.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
