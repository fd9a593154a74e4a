package coop.litang.cooplive.ordering;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import coop.litang.cooplive.buyers.BuyerTokens;
import coop.litang.cooplive.catalog.SkuView;
import coop.litang.cooplive.livestream.SessionView;
import coop.litang.cooplive.shared.RedisAccess;
import coop.litang.cooplive.testing.Fixtures;
import coop.litang.cooplive.testing.IntegrationTest;
import coop.litang.cooplive.testing.Orders;
import coop.litang.cooplive.testing.Race;
import coop.litang.cooplive.testing.Scrapes;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;
import org.redisson.client.codec.StringCodec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sold-out live item's late buyers are answered before the controller, exactly as the
 * controller answers them, and only them.
 */
@IntegrationTest
class SoldOutAnswersIntegrationTests {

	private static final Pattern REQUESTS_409 = Pattern.compile(
			"(?m)^http_server_requests_seconds_count\\{[^}]*status=\"409\"[^}]*uri=\"/api/v1/storefront/orders\"[^}]*} ([0-9.E]+)$");

	private static final Pattern QUOTA_EXCEEDED = Pattern.compile(
			"(?m)^cooplive_orders_total\\{[^}]*channel=\"session\"[^}]*outcome=\"quota_exceeded\"[^}]*} ([0-9.E]+)$");

	@Autowired
	WebTestClient web;

	@Autowired
	Fixtures fixtures;

	@Autowired
	SoldOutAnswers answers;

	@Autowired
	RedisAccess redis;

	@Autowired
	DatabaseClient db;

	@Autowired
	JsonMapper json;

	@LocalServerPort
	int port;

	@Test
	void lateBuyersGetTheControllersRefusalWithItsHeadersAndMetrics() {
		SessionView session = soldOutSession(2);
		String scrape = Scrapes.prometheus(this.web);
		double requestsBefore = value(REQUESTS_409, scrape);
		double refusedBefore = value(QUOTA_EXCEEDED, scrape);
		// the first refusal comes from the controller; it shows this instance the item
		// ran out
		EntityExchangeResult<String> first = place(session.id(), UUID.randomUUID().toString(), null);
		assertThat(first.getStatus().value()).isEqualTo(409);
		long before = this.answers.answered();

		for (int i = 0; i < 20; i++) {
			EntityExchangeResult<String> late = place(session.id(), UUID.randomUUID().toString(), "late-" + i);
			assertThat(late.getStatus().value()).isEqualTo(409);
			assertThat(late.getResponseBody()).isEqualTo(first.getResponseBody())
				.contains("\"code\":\"QUOTA_EXCEEDED\"");
			HttpHeaders headers = late.getResponseHeaders();
			assertThat(headers.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
			assertThat(headers.getFirst("X-Request-Id")).isEqualTo("late-" + i);
			for (String name : List.of(HttpHeaders.CACHE_CONTROL, "X-Content-Type-Options", "X-Frame-Options")) {
				assertThat(headers.get(name)).as(name).isEqualTo(first.getResponseHeaders().get(name));
			}
		}

		assertThat(this.answers.answered() - before).isEqualTo(20);
		scrape = Scrapes.prometheus(this.web);
		// the controller's refusal and these are counted in one series each
		assertThat(REQUESTS_409.matcher(scrape).results()).hasSize(1);
		assertThat(value(REQUESTS_409, scrape) - requestsBefore).isEqualTo(21);
		assertThat(value(QUOTA_EXCEEDED, scrape) - refusedBefore).isEqualTo(21);
		assertThat(count("SELECT count(*) FROM orders WHERE session_id = :id", session.id())).isEqualTo(2);
	}

	@Test
	void retriesOfPlacedOrdersGetTheirOrdersWhileNewBuyersAreRefusedAtTheSameTime() {
		SkuView sku = this.fixtures.skuInStock(5800, 100);
		SessionView session = this.fixtures.liveSession(this.fixtures.member(true).id(), sku.id(), 5000, 50, 1);
		List<Race.Attempt> placed = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			placed.add(new Race.Attempt(this.port, UUID.randomUUID().toString(),
					Orders.body(session.id(), Fixtures.uniquePhone(), sku.code(), 1)));
		}
		List<Race.Outcome> first = Race.run(placed);
		assertThat(first).allMatch(Race.Outcome::accepted);
		assertThat(place(session.id(), UUID.randomUUID().toString(), null).getStatus().value()).isEqualTo(409);
		long before = this.answers.answered();

		List<Race.Attempt> attempts = new ArrayList<>(placed);
		for (int i = 0; i < 150; i++) {
			attempts.add(new Race.Attempt(this.port, UUID.randomUUID().toString(),
					Orders.body(session.id(), Fixtures.uniquePhone(), sku.code(), 1)));
		}
		List<Race.Outcome> outcomes = Race.run(attempts);

		// outcomes come in the order they were answered
		assertThat(
				outcomes.stream().filter((outcome) -> outcome.status() == 200).map(SoldOutAnswersIntegrationTests::id))
			.containsExactlyInAnyOrderElementsOf(first.stream().map(SoldOutAnswersIntegrationTests::id).toList());
		assertThat(outcomes.stream().filter((outcome) -> outcome.refusedWith("QUOTA_EXCEEDED"))).hasSize(150);
		assertThat(this.answers.answered() - before).isEqualTo(150);
		assertThat(count("SELECT count(*) FROM orders WHERE session_id = :id", session.id())).isEqualTo(50);
	}

	@Test
	void unitsBackInTheGateAreSoldAlthoughThisInstanceLastSawTheItemSoldOut() {
		SessionView session = soldOutSession(1);
		assertThat(place(session.id(), UUID.randomUUID().toString(), null).getStatus().value()).isEqualTo(409);
		// another instance gave a unit back: only Redis knows
		UUID item = session.lineup().get(0).id();
		this.redis.reactive()
			.block()
			.<String, String>getMap(this.redis.settings().key("gate", item.toString()), StringCodec.INSTANCE)
			.put("left", "1")
			.block();

		long before = this.answers.answered();
		EntityExchangeResult<String> next = place(session.id(), UUID.randomUUID().toString(), null);
		// the gate let it pass; PostgreSQL, which knows the quota is gone, refuses it
		assertThat(next.getStatus().value()).isEqualTo(409);
		assertThat(this.answers.answered()).isEqualTo(before);
	}

	@Test
	void buyersHangingUpMidBodyLeaveNoBufferBehind() throws Exception {
		SessionView session = soldOutSession(1);
		assertThat(place(session.id(), UUID.randomUUID().toString(), null).getStatus().value()).isEqualTo(409);
		String phone = Fixtures.uniquePhone();
		String body = this.json
			.writeValueAsString(Orders.body(session.id(), phone, session.lineup().get(0).skuCode(), 1));
		for (int i = 0; i < 20; i++) {
			// the early answers read this body; the buyer's app dies after half of it
			try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
				OutputStream out = socket.getOutputStream();
				out.write(("POST /api/v1/storefront/orders HTTP/1.1\r\nHost: 127.0.0.1\r\n"
						+ "Content-Type: application/json\r\nIdempotency-Key: " + UUID.randomUUID() + "\r\n"
						+ BuyerTokens.HEADER + ": " + Orders.buyerToken(phone) + "\r\n" + "Content-Length: "
						+ body.length() + "\r\n\r\n" + body.substring(0, body.length() / 2))
					.getBytes(StandardCharsets.UTF_8));
				out.flush();
				Thread.sleep(20);
			}
		}
		// the service goes on answering; the leak check after this class finds no buffer
		// of these requests unreleased
		assertThat(place(session.id(), UUID.randomUUID().toString(), null).getStatus().value()).isEqualTo(409);
	}

	@Test
	void aCancelledOrdersUnitIsSoldToTheNextBuyer() {
		SkuView sku = this.fixtures.skuInStock(5800, 10);
		SessionView session = this.fixtures.liveSession(this.fixtures.member(true).id(), sku.id(), 5000, 1, 1);
		OrderView order = Orders.accepted(this.web, Orders.body(session.id(), Fixtures.uniquePhone(), sku.code(), 1));
		assertThat(place(session.id(), UUID.randomUUID().toString(), null).getStatus().value()).isEqualTo(409);
		this.web.post()
			.uri("/api/v1/storefront/orders/{id}/cancel", order.id())
			.header("X-Order-Token", order.accessToken())
			.exchange()
			.expectStatus()
			.isOk();

		assertThat(place(session.id(), UUID.randomUUID().toString(), null).getStatus().value()).isEqualTo(201);
	}

	@Test
	void buyersWithoutAVerifiedPhoneAreToldSoNotThatTheItemSoldOut() {
		SessionView session = soldOutSession(1);
		String sku = session.lineup().get(0).skuCode();
		assertThat(place(session.id(), UUID.randomUUID().toString(), null).getStatus().value()).isEqualTo(409);
		long before = this.answers.answered();
		String phone = Fixtures.uniquePhone();
		Map<String, Object> order = body(session.id(), phone, sku, 1);

		this.web.post()
			.uri("/api/v1/storefront/orders")
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(order)
			.exchange()
			.expectStatus()
			.isEqualTo(403)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("BUYER_NOT_VERIFIED")
			.jsonPath("$.field")
			.isEqualTo(BuyerTokens.HEADER);
		// a token of another phone, or one not signed by this service
		this.web.post()
			.uri("/api/v1/storefront/orders")
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.header(BuyerTokens.HEADER, Orders.buyerToken(Fixtures.uniquePhone()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(order)
			.exchange()
			.expectStatus()
			.isEqualTo(403)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("BUYER_PHONE_MISMATCH")
			.jsonPath("$.field")
			.isEqualTo("buyer.phone");
		String forged = Orders.buyerToken(phone);
		forged = forged.substring(0, forged.length() - 2) + (forged.endsWith("AA") ? "BB" : "AA");
		this.web.post()
			.uri("/api/v1/storefront/orders")
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.header(BuyerTokens.HEADER, forged)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(order)
			.exchange()
			.expectStatus()
			.isEqualTo(403)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("BUYER_NOT_VERIFIED");
		assertThat(this.answers.answered()).as("none of them refused early as sold out").isEqualTo(before);
	}

	@Test
	void badRequestsForASoldOutItemAreStillNamed() {
		SessionView session = soldOutSession(1);
		String sku = session.lineup().get(0).skuCode();
		assertThat(place(session.id(), UUID.randomUUID().toString(), null).getStatus().value()).isEqualTo(409);
		long before = this.answers.answered();

		Map<String, Object> noPhone = body(session.id(), "13912345678", sku, 1);
		noPhone.put("buyer", Map.of("name", "买家", "address", "理塘"));
		expectInvalid(Orders.place(this.web, UUID.randomUUID().toString(), noPhone), "buyer.phone");
		expectInvalid(Orders.place(this.web, UUID.randomUUID().toString(), body(session.id(), "12345", sku, 1)),
				"buyer.phone");
		expectInvalid(Orders.place(this.web, UUID.randomUUID().toString(), body(session.id(), "13912345678", sku, 0)),
				"lines[0].quantity");
		expectInvalid(this.web.post()
			.uri("/api/v1/storefront/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body(session.id(), "13912345678", sku, 1))
			.exchange(), "Idempotency-Key");
		Orders.place(this.web, UUID.randomUUID().toString(), body(session.id(), "13912345678", sku, 2))
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("BUYER_LIMIT_EXCEEDED");
		Map<String, Object> offline = body(session.id(), "13912345678", sku, 1);
		offline.put("paymentMethod", "OFFLINE");
		expectInvalid(Orders.place(this.web, UUID.randomUUID().toString(), offline), "paymentMethod");
		this.web.post()
			.uri("/api/v1/storefront/orders")
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue("{}")
			.exchange()
			.expectStatus()
			.isEqualTo(415);
		this.web.post()
			.uri("/api/v1/storefront/orders")
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.header(HttpHeaders.CONTENT_TYPE, "application/*")
			.bodyValue(body(session.id(), "13912345678", sku, 1))
			.exchange()
			.expectStatus()
			.isEqualTo(415);

		assertThat(this.answers.answered()).isEqualTo(before);
	}

	@Test
	void theStrictReaderReadsOrdersAsTheControllerDoesOrLeavesThemToIt() {
		List<String> documents = documents().sampleStream().limit(5000).toList();
		int read = 0;
		for (String document : documents) {
			byte[] bytes = document.getBytes(StandardCharsets.UTF_8);
			PlaceOrder strict = SoldOutAnswers.read(this.json, bytes);
			if (strict != null) {
				read++;
				assertThat(this.json.readValue(bytes, PlaceOrder.class)).as(document).isEqualTo(strict);
			}
		}
		// not only the easy answer "leave it to the controller"
		assertThat(read).isGreaterThan(300);
		UUID session = UUID.randomUUID();
		String storefront = "{\"sessionId\":\"" + session + "\",\"buyer\":{\"name\":\"买家\",\"phone\":\"13812345678\","
				+ "\"address\":\"理塘\"},\"lines\":[{\"sku\":\"CORD-1\",\"quantity\":1}]}";
		assertThat(SoldOutAnswers.read(this.json, storefront.getBytes(StandardCharsets.UTF_8)))
			.isEqualTo(new PlaceOrder(session, new Buyer("买家", "13812345678", "理塘"),
					List.of(new OrderLineRequest("CORD-1", 1L)), null, null));
	}

	@Test
	void thePlainReaderReadsWhatTheStrictReaderReadsOrLeavesItToIt() {
		Random random = new Random(20261201);
		List<String> documents = documents().sampleStream().limit(5000).toList();
		int plain = 0;
		for (String document : documents) {
			byte[] bytes = document.getBytes(StandardCharsets.UTF_8);
			// the document as it is, and with a byte changed, dropped or doubled
			List<byte[]> variants = new ArrayList<>(List.of(bytes));
			for (int i = 0; i < 4 && bytes.length > 0; i++) {
				int at = random.nextInt(bytes.length);
				byte[] changed = bytes.clone();
				changed[at] = (byte) "{}[]\",:\"\\ 0-9en\u00e9x".getBytes(StandardCharsets.UTF_8)[random.nextInt(18)];
				variants.add(changed);
				byte[] dropped = new byte[bytes.length - 1];
				System.arraycopy(bytes, 0, dropped, 0, at);
				System.arraycopy(bytes, at + 1, dropped, at, bytes.length - at - 1);
				variants.add(dropped);
				byte[] doubled = new byte[bytes.length + 1];
				System.arraycopy(bytes, 0, doubled, 0, at + 1);
				System.arraycopy(bytes, at, doubled, at + 1, bytes.length - at);
				variants.add(doubled);
			}
			for (byte[] variant : variants) {
				PlaceOrder read = PlainOrderReader.read(variant);
				if (read != null) {
					plain++;
					assertThat(read).as(new String(variant, StandardCharsets.UTF_8))
						.isEqualTo(SoldOutAnswers.readStrictly(this.json, variant));
				}
			}
		}
		assertThat(plain).isGreaterThan(1000);
		UUID session = UUID.randomUUID();
		String storefront = "{\"sessionId\":\"" + session
				+ "\",\"buyer\":{\"name\":\"次仁 Tsering\",\"phone\":\"13812345678\","
				+ "\"address\":\"理塘县 高城镇\"},\"lines\":[{\"sku\":\"CORD-1\",\"quantity\":1}]}";
		assertThat(PlainOrderReader.read(storefront.getBytes(StandardCharsets.UTF_8)))
			.isEqualTo(new PlaceOrder(session, new Buyer("次仁 Tsering", "13812345678", "理塘县 高城镇"),
					List.of(new OrderLineRequest("CORD-1", 1L)), null, null));
		// not plain: escapes, fractions, malformed UTF-8 are the strict reader's
		assertThat(PlainOrderReader.read(storefront.replace("次仁", "\\u6b21").getBytes(StandardCharsets.UTF_8)))
			.isNull();
		assertThat(PlainOrderReader
			.read(storefront.replace("\"quantity\":1", "\"quantity\":1.0").getBytes(StandardCharsets.UTF_8))).isNull();
		byte[] broken = storefront.getBytes(StandardCharsets.UTF_8);
		// the second byte of 次 is no continuation byte
		broken[storefront.substring(0, storefront.indexOf("次")).getBytes(StandardCharsets.UTF_8).length + 1] = 0x41;
		assertThat(PlainOrderReader.read(broken)).isNull();
	}

	// order documents as clients might send them, right and wrong in many ways
	private static Arbitrary<String> documents() {
		Arbitrary<String> text = Arbitraries.of("\"CORD-1\"", "\"13812345678\"", "\"买家 Lhamo\"", "\"\"", "\" \"",
				"\"a\\\"b\\u00e9\"");
		Arbitrary<String> odd = Arbitraries.of("null", "1", "-3", "2.5", "1e2", "true", "\"7\"", "{}", "[]",
				"{\"x\":[1,{\"y\":null}]}", "12345678901234567890");
		Arbitrary<String> uuid = mostly(Arbitraries.create(() -> "\"" + UUID.randomUUID() + "\""),
				Arbitraries.of("\"" + UUID.randomUUID().toString().toUpperCase() + "\"", "\"1-1-1-1-1\"",
						"\"AAAAAAAAAAAAAAAAAAAAAA==\"", "null", "7"));
		Arbitrary<String> quantity = mostly(Arbitraries.longs().between(-2, 10_002).map(String::valueOf), odd);
		Arbitrary<String> line = Combinators
			.combine(mostly(text, odd), quantity,
					mostly(Arbitraries.just(""), Arbitraries.of(",\"sku\":\"X\"", ",\"note\":[1]", ",\"quantity\":1")))
			.as((sku, q, extra) -> "{\"sku\":" + sku + ",\"quantity\":" + q + extra + "}");
		Arbitrary<String> lines = mostly(line.list().ofMaxSize(3).map((l) -> "[" + String.join(",", l) + "]"),
				Arbitraries.oneOf(odd, Arbitraries.just("[null]")));
		Arbitrary<String> buyer = mostly(Combinators
			.combine(mostly(text, odd), mostly(text, odd), mostly(text, odd),
					mostly(Arbitraries.just(""), Arbitraries.of(",\"age\":{\"a\":1}", ",\"name\":\"again\"")))
			.as((name, phone, address, extra) -> "{\"name\":" + name + ",\"phone\":" + phone + ",\"address\":" + address
					+ extra + "}"),
				odd);
		Arbitrary<String> property = Arbitraries.oneOf(uuid.map((v) -> "\"sessionId\":" + v),
				buyer.map((v) -> "\"buyer\":" + v), lines.map((v) -> "\"lines\":" + v),
				Arbitraries.of("\"paymentMethod\":\"CARD\"", "\"paymentMethod\":\"OFFLINE\"",
						"\"paymentMethod\":\"card\"", "\"paymentMethod\":null", "\"paymentMethod\":0"),
				mostly(text, odd).map((v) -> "\"paymentNote\":" + v), odd.map((v) -> "\"extra\":" + v));
		Arbitrary<String> complete = Combinators.combine(uuid, buyer, lines)
			.as((session, b, l) -> "\"sessionId\":" + session + ",\"buyer\":" + b + ",\"lines\":" + l);
		return Combinators
			.combine(complete, property.list().ofMaxSize(2),
					mostly(Arbitraries.just(""), Arbitraries.of(" ", "\n", "{}", "x", "]")))
			.as((first, more, trailing) -> "{" + first + (more.isEmpty() ? "" : "," + String.join(",", more)) + "}"
					+ trailing);
	}

	// the usual value four times in five, else an unusual one
	private static Arbitrary<String> mostly(Arbitrary<String> usual, Arbitrary<String> unusual) {
		return Arbitraries.frequencyOf(Tuple.of(4, usual), Tuple.of(1, unusual));
	}

	// a live session with one item whose quota of n units was just sold to n buyers
	private SessionView soldOutSession(int units) {
		SkuView sku = this.fixtures.skuInStock(5800, 10);
		SessionView session = this.fixtures.liveSession(this.fixtures.member(true).id(), sku.id(), 5000, units, 1);
		for (int i = 0; i < units; i++) {
			Orders
				.place(this.web, UUID.randomUUID().toString(),
						Orders.body(session.id(), Fixtures.uniquePhone(), sku.code(), 1))
				.expectStatus()
				.isCreated();
		}
		return session;
	}

	private EntityExchangeResult<String> place(UUID sessionId, String key, String requestId) {
		String sku = this.db.sql("SELECT sku_code FROM cooplive.lineup_item WHERE session_id = :id")
			.bind("id", sessionId)
			.map((row) -> row.get(0, String.class))
			.one()
			.block();
		String phone = Fixtures.uniquePhone();
		return this.web.post().uri("/api/v1/storefront/orders").header("Idempotency-Key", key).headers((h) -> {
			h.set(BuyerTokens.HEADER, Orders.buyerToken(phone));
			if (requestId != null) {
				h.set("X-Request-Id", requestId);
			}
		})
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Orders.body(sessionId, phone, sku, 1))
			.exchange()
			.expectBody(String.class)
			.returnResult();
	}

	private static Map<String, Object> body(UUID sessionId, String phone, String sku, long quantity) {
		return new HashMap<>(Orders.body(sessionId, phone, sku, quantity));
	}

	private static void expectInvalid(WebTestClient.ResponseSpec response, String field) {
		response.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo(field);
	}

	private static String id(Race.Outcome outcome) {
		Matcher matcher = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(outcome.body());
		return matcher.find() ? matcher.group(1) : null;
	}

	private static double value(Pattern metric, String scrape) {
		Matcher matcher = metric.matcher(scrape);
		double sum = 0;
		while (matcher.find()) {
			sum += Double.parseDouble(matcher.group(1));
		}
		return sum;
	}

	private long count(String sql, Object id) {
		return this.db.sql(sql.replace("FROM orders", "FROM cooplive.orders"))
			.bind("id", id)
			.map((row) -> row.get(0, Long.class))
			.one()
			.block();
	}

}
