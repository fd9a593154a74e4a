package coop.litang.cooplive.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local HTTP fake of the parts of Stripe's API cooplive uses, answering in Stripe's
 * wire format: form-encoded requests, JSON objects shaped like Stripe's documented
 * {@code payment_intent}, {@code charge}, {@code refund} and {@code event}, errors as
 * {@code {"error": {"type", "code", "message"}}}, and idempotency keys that replay the
 * first answer. It keeps state, so a PaymentIntent can be made to succeed and refunds
 * cannot exceed what was captured. Tests can make it fail with a status or answer slowly.
 * It also builds events and signs them as Stripe signs webhooks.
 */
public final class StripeFake implements AutoCloseable {

	/** The API version stripe-java is pinned to; events carry it. */
	public static final String API_VERSION = com.stripe.Stripe.API_VERSION;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpServer server;

	private final Map<String, Map<String, Object>> intents = new ConcurrentHashMap<>();

	private final Map<String, Map<String, Object>> refunds = new ConcurrentHashMap<>();

	private final Map<String, String> replays = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

	private final AtomicReference<Integer> failWith = new AtomicReference<>();

	private final AtomicReference<Duration> delay = new AtomicReference<>(Duration.ZERO);

	private final AtomicReference<String> refundStatus = new AtomicReference<>("succeeded");

	public StripeFake() {
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot start the Stripe fake", ex);
		}
		this.server.setExecutor(Executors.newFixedThreadPool(8, (task) -> {
			Thread thread = new Thread(task, "stripe-fake");
			thread.setDaemon(true);
			return thread;
		}));
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	private static StripeFake shared;

	/** One fake for the whole test run, stopped when the JVM exits. */
	public static synchronized StripeFake shared() {
		if (shared == null) {
			shared = new StripeFake();
			Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "stripe-fake-stop"));
		}
		return shared;
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	// test controls

	/** Answers every call with this HTTP status (500, 503…) until {@link #heal()}. */
	public void failWith(int status) {
		this.failWith.set(status);
	}

	/** Answers every call only after this long, until {@link #heal()}. */
	public void answerAfter(Duration wait) {
		this.delay.set(wait);
	}

	public void heal() {
		this.failWith.set(null);
		this.delay.set(Duration.ZERO);
	}

	/** The status new refunds get: {@code succeeded} (the default) or {@code pending}. */
	public void refundsEnd(String status) {
		this.refundStatus.set(status);
	}

	/** Moves a refund on, as Stripe does for a pending one. */
	public void settleRefund(String refundId, String status) {
		this.refunds.get(refundId).put("status", status);
	}

	/** Calls received for a method and path prefix, such as {@code POST /v1/refunds}. */
	public int calls(String methodAndPath) {
		return this.calls.entrySet()
			.stream()
			.filter((e) -> e.getKey().startsWith(methodAndPath))
			.mapToInt((e) -> e.getValue().get())
			.sum();
	}

	/** The PaymentIntent as the fake holds it. */
	public Map<String, Object> intent(String id) {
		return this.intents.get(id);
	}

	/** Refunds of a PaymentIntent. */
	public List<Map<String, Object>> refundsOf(String intentId) {
		return this.refunds.values().stream().filter((r) -> intentId.equals(r.get("payment_intent"))).toList();
	}

	/**
	 * The buyer pays: the PaymentIntent succeeds with the amount received (its own amount
	 * unless another is given) and gets a charge.
	 */
	public Map<String, Object> succeed(String intentId, Long amountReceived) {
		Map<String, Object> intent = this.intents.get(intentId);
		long received = (amountReceived != null) ? amountReceived : ((Number) intent.get("amount")).longValue();
		intent.put("status", "succeeded");
		intent.put("amount_received", received);
		intent.put("latest_charge", "ch_" + random());
		return intent;
	}

	/** The buyer's payment fails; the PaymentIntent can be paid again. */
	public Map<String, Object> fail(String intentId) {
		Map<String, Object> intent = this.intents.get(intentId);
		intent.put("status", "requires_payment_method");
		intent.put("last_payment_error",
				Map.of("type", "card_error", "code", "card_declined", "message", "Your card was declined."));
		return intent;
	}

	/** The charge of a succeeded PaymentIntent, with what was refunded of it. */
	public Map<String, Object> charge(String intentId) {
		Map<String, Object> intent = this.intents.get(intentId);
		long refunded = refundsOf(intentId).stream()
			.filter((r) -> !"failed".equals(r.get("status")) && !"canceled".equals(r.get("status")))
			.mapToLong((r) -> ((Number) r.get("amount")).longValue())
			.sum();
		long captured = ((Number) intent.get("amount_received")).longValue();
		Map<String, Object> charge = new LinkedHashMap<>();
		charge.put("id", intent.get("latest_charge"));
		charge.put("object", "charge");
		charge.put("amount", captured);
		charge.put("amount_captured", captured);
		charge.put("amount_refunded", refunded);
		charge.put("captured", true);
		charge.put("currency", intent.get("currency"));
		charge.put("livemode", false);
		charge.put("metadata", Map.of());
		charge.put("paid", true);
		charge.put("payment_intent", intentId);
		charge.put("refunded", refunded == captured);
		charge.put("status", "succeeded");
		return charge;
	}

	/** A webhook event of the type about the object, as Stripe sends it. */
	public static String event(String type, Map<String, Object> object) {
		return event("evt_" + random(), type, object, API_VERSION);
	}

	public static String event(String id, String type, Map<String, Object> object, String apiVersion) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("id", id);
		event.put("object", "event");
		event.put("api_version", apiVersion);
		event.put("created", Instant.now().getEpochSecond());
		event.put("data", Map.of("object", object));
		event.put("livemode", false);
		event.put("pending_webhooks", 1);
		event.put("request", Map.of("id", "req_" + random()));
		event.put("type", type);
		return JSON.writeValueAsString(event);
	}

	/** The Stripe-Signature header Stripe sends with a payload signed at that time. */
	public static String sign(String payload, String secret, Instant at) {
		long timestamp = at.getEpochSecond();
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			byte[] digest = mac.doFinal((timestamp + "." + payload).getBytes(StandardCharsets.UTF_8));
			return "t=" + timestamp + ",v1=" + java.util.HexFormat.of().formatHex(digest);
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	// the API

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String method = exchange.getRequestMethod();
			String path = exchange.getRequestURI().getPath();
			this.calls.computeIfAbsent(method + " " + path, (k) -> new AtomicInteger()).incrementAndGet();
			Duration wait = this.delay.get();
			if (!wait.isZero()) {
				sleep(wait);
			}
			Integer failure = this.failWith.get();
			if (failure != null) {
				error(exchange, failure, "api_error", null, "An error occurred with our connection to Stripe.");
				return;
			}
			if (!("Bearer sk_test_cooplive".equals(exchange.getRequestHeaders().getFirst("Authorization")))) {
				error(exchange, 401, "invalid_request_error", null, "Invalid API Key provided");
				return;
			}
			Map<String, String> form = form(
					new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
			String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
			if ("POST".equals(method) && key != null && this.replays.containsKey(path + "|" + key)) {
				respond(exchange, 200, this.replays.get(path + "|" + key));
				return;
			}
			Answer answer = route(method, path, form);
			String body = JSON.writeValueAsString(answer.body());
			if ("POST".equals(method) && key != null && answer.status() < 500) {
				this.replays.putIfAbsent(path + "|" + key, body);
				body = this.replays.get(path + "|" + key);
			}
			respond(exchange, answer.status(), body);
		}
	}

	private record Answer(int status, Object body) {
	}

	private Answer route(String method, String path, Map<String, String> form) {
		if ("POST".equals(method) && path.equals("/v1/payment_intents")) {
			return createIntent(form);
		}
		if ("GET".equals(method) && path.startsWith("/v1/payment_intents/")) {
			Map<String, Object> intent = this.intents.get(path.substring("/v1/payment_intents/".length()));
			return (intent != null) ? new Answer(200, intent) : missing("payment_intent");
		}
		if ("POST".equals(method) && path.equals("/v1/refunds")) {
			return createRefund(form);
		}
		if ("GET".equals(method) && path.startsWith("/v1/refunds/")) {
			Map<String, Object> refund = this.refunds.get(path.substring("/v1/refunds/".length()));
			return (refund != null) ? new Answer(200, refund) : missing("refund");
		}
		return new Answer(404, errorBody("invalid_request_error", null, "Unrecognized request URL"));
	}

	private Answer createIntent(Map<String, String> form) {
		if (form.get("amount") == null || form.get("currency") == null) {
			return new Answer(400,
					errorBody("invalid_request_error", "parameter_missing", "Missing amount or currency"));
		}
		String id = "pi_" + random();
		List<String> types = new ArrayList<>();
		for (int i = 0; form.containsKey("payment_method_types[" + i + "]"); i++) {
			types.add(form.get("payment_method_types[" + i + "]"));
		}
		Map<String, Object> intent = new ConcurrentHashMap<>();
		intent.put("id", id);
		intent.put("object", "payment_intent");
		intent.put("amount", Long.parseLong(form.get("amount")));
		intent.put("amount_received", 0L);
		intent.put("capture_method", "automatic");
		intent.put("client_secret", id + "_secret_" + random());
		intent.put("created", Instant.now().getEpochSecond());
		intent.put("currency", form.get("currency"));
		intent.put("description", form.getOrDefault("description", ""));
		intent.put("livemode", false);
		intent.put("metadata", Map.of("order_id", form.getOrDefault("metadata[order_id]", "")));
		intent.put("payment_method_types", types);
		intent.put("status", "requires_payment_method");
		this.intents.put(id, intent);
		return new Answer(200, intent);
	}

	private Answer createRefund(Map<String, String> form) {
		Map<String, Object> intent = this.intents.get(form.get("payment_intent"));
		if (intent == null) {
			return missing("payment_intent");
		}
		if (!"succeeded".equals(intent.get("status"))) {
			return new Answer(400, errorBody("invalid_request_error", "charge_not_refundable",
					"This PaymentIntent does not have a successful charge to refund."));
		}
		long captured = ((Number) intent.get("amount_received")).longValue();
		long refunded = captured - ((Number) charge((String) intent.get("id")).get("amount_refunded")).longValue();
		long amount = (form.get("amount") != null) ? Long.parseLong(form.get("amount")) : refunded;
		if (amount > refunded) {
			return new Answer(400, errorBody("invalid_request_error", "amount_too_large", "Refund amount (¥"
					+ amount / 100.0 + ") is greater than unrefunded amount on charge (¥" + refunded / 100.0 + ")"));
		}
		String id = "re_" + random();
		Map<String, Object> refund = new ConcurrentHashMap<>();
		refund.put("id", id);
		refund.put("object", "refund");
		refund.put("amount", amount);
		refund.put("charge", intent.get("latest_charge"));
		refund.put("created", Instant.now().getEpochSecond());
		refund.put("currency", intent.get("currency"));
		refund.put("metadata", Map.of("reason", form.getOrDefault("metadata[reason]", "")));
		refund.put("payment_intent", intent.get("id"));
		refund.put("status", this.refundStatus.get());
		this.refunds.put(id, refund);
		return new Answer(200, refund);
	}

	private static Answer missing(String what) {
		return new Answer(404, errorBody("invalid_request_error", "resource_missing", "No such " + what));
	}

	private static Map<String, Object> errorBody(String type, String code, String message) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("type", type);
		if (code != null) {
			error.put("code", code);
		}
		error.put("message", message);
		return Map.of("error", error);
	}

	private static void error(HttpExchange exchange, int status, String type, String code, String message)
			throws IOException {
		respond(exchange, status, JSON.writeValueAsString(errorBody(type, code, message)));
	}

	private static void respond(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.getResponseHeaders().add("Request-Id", "req_" + random());
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private static Map<String, String> form(String body) {
		Map<String, String> form = new LinkedHashMap<>();
		if (body.isEmpty()) {
			return form;
		}
		for (String pair : body.split("&")) {
			int eq = pair.indexOf('=');
			String name = URLDecoder.decode((eq < 0) ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
			String value = (eq < 0) ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
			form.put(name, value);
		}
		return form;
	}

	private static void sleep(Duration wait) {
		try {
			Thread.sleep(wait.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static String random() {
		return UUID.randomUUID().toString().replace("-", "").substring(0, 24);
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
