package coop.litang.cooplive.shared;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import coop.litang.cooplive.buyers.BuyerTokens;
import coop.litang.cooplive.catalog.SkuView;
import coop.litang.cooplive.livestream.SessionView;
import coop.litang.cooplive.ordering.OrderView;
import coop.litang.cooplive.testing.Fixtures;
import coop.litang.cooplive.testing.IntegrationTest;
import coop.litang.cooplive.testing.Orders;
import coop.litang.cooplive.testing.SecondInstance;
import coop.litang.cooplive.testing.TcpProxy;
import coop.litang.cooplive.testing.TestServices;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Storefront writes are limited per client address in Redis, across instances, exactly to
 * the bucket under concurrency; an empty bucket is a {@code 429 RATE_LIMITED} problem
 * naming the limit, with {@code Retry-After}; buckets refill with time; without Redis
 * requests pass and are counted; sold-out answers given before the web framework take
 * nothing. Each test sends from addresses of its own ({@code X-Forwarded-For}, read as
 * the client address from the trusted proxy 127.0.0.1), so the tests' buckets are apart.
 */
@IntegrationTest
@TestPropertySource(properties = { "cooplive.rate-limits.per-address.capacity=50",
		"cooplive.rate-limits.per-address.refill=1", "cooplive.rate-limits.per-address.period=1h",
		"cooplive.rate-limits.per-buyer.capacity=3", "cooplive.rate-limits.per-buyer.refill=1",
		"cooplive.rate-limits.per-buyer.period=1h", "cooplive.web.trusted-proxies=127.0.0.1" })
@Import(RateLimitsIntegrationTests.BuyerLimitProbe.class)
class RateLimitsIntegrationTests {

	private static final AtomicInteger ADDRESSES = new AtomicInteger();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	Fixtures fixtures;

	@Autowired
	DatabaseClient db;

	@Autowired
	RateLimits limits;

	@Autowired
	Environment environment;

	@Autowired
	WebTestClient web;

	@LocalServerPort
	int port;

	@Test
	void ofTwoHundredConcurrentOrdersFromOneAddressExactlyTheBucketsFiftyArePlaced() {
		SkuView sku = this.fixtures.skuInStock(5800, 1000);
		String address = newAddress();
		List<Request> requests = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			requests.add(Request.order(this.port, address, Orders.body(null, Fixtures.uniquePhone(), sku.code(), 1)));
		}

		List<Answer> answers = send(requests);

		assertThat(answers).hasSize(200);
		assertThat(answers).filteredOn((answer) -> answer.status() == 201).hasSize(50);
		List<Answer> refused = answers.stream().filter((answer) -> answer.status() == 429).toList();
		assertThat(refused).hasSize(150);
		// one request comes back an hour after the bucket was emptied
		refused.forEach((answer) -> assertRateLimited(answer, "per-address", 3500, 3600));
		// the refused requests hold nothing: PostgreSQL has the fifty orders alone
		assertThat(count("SELECT count(*) FROM cooplive.order_line WHERE sku_id = :sku", sku.id())).isEqualTo(50);
	}

	@Test
	void everyStorefrontWriteIsLimitedHoweverItsPathIsSpelledAndReadsAreNot() {
		String address = newAddress();
		List<Request> cancels = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			cancels
				.add(Request.cancel(this.port, address, "/api/v1/storefront/orders/" + UUID.randomUUID() + "/cancel"));
		}
		assertThat(send(cancels)).allSatisfy((answer) -> assertThat(answer.status()).isEqualTo(404));

		for (String path : List.of("/api/v1/storefront/orders",
				"/api/v1/storefront/orders/" + UUID.randomUUID() + "/payment", "/api/v1/storefront/buyers/verification",
				"/api/v1/storefront/buyers/verification/confirm",
				"/api/v1/%73torefront/orders/" + UUID.randomUUID() + "/cancel",
				"/api/v1//storefront/orders/" + UUID.randomUUID() + "/cancel",
				"/api/v1/storefront;v=1/orders/" + UUID.randomUUID() + "/cancel")) {
			Answer answer = send(List.of(Request.cancel(this.port, address, path))).get(0);
			assertThat(answer.status()).as(path).isEqualTo(429);
			assertRateLimited(answer, "per-address", 3500, 3600);
		}
		// reads take nothing and are not refused
		Answer read = WebClient.create()
			.get()
			.uri("http://127.0.0.1:" + this.port + "/api/v1/storefront/orders/" + UUID.randomUUID())
			.header("X-Forwarded-For", address)
			.header("X-Order-Token", "forged")
			.exchangeToMono(RateLimitsIntegrationTests::answer)
			.block(Duration.ofSeconds(30));
		assertThat(read.status()).isEqualTo(404);
		// another address has a bucket of its own
		assertThat(send(List
			.of(Request.cancel(this.port, newAddress(), "/api/v1/storefront/orders/" + UUID.randomUUID() + "/cancel")))
			.get(0)
			.status()).isEqualTo(404);
	}

	@Test
	void aBucketRefillsAsTimePassesByRedisClock() throws InterruptedException {
		RateLimit limit = new RateLimit("test-refill", 3, 1, Duration.ofSeconds(2));
		String subject = UUID.randomUUID().toString();
		for (int i = 0; i < 3; i++) {
			StepVerifier.create(this.limits.take(limit, subject)).verifyComplete();
		}
		StepVerifier.create(this.limits.take(limit, subject))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOfSatisfying(RateLimited.class, (refused) -> {
				assertThat(refused.code()).isEqualTo("RATE_LIMITED");
				assertThat(refused.limit()).isEqualTo("test-refill");
				assertThat(refused.retryAfter()).isGreaterThan(Duration.ofMillis(1000))
					.isLessThanOrEqualTo(Duration.ofSeconds(2));
				assertThat(refused.retryAfterSeconds()).isEqualTo(2);
			}))
			.verify();

		Thread.sleep(2200);

		// one request came back, not more
		StepVerifier.create(this.limits.take(limit, subject)).verifyComplete();
		StepVerifier.create(this.limits.take(limit, subject)).expectError(RateLimited.class).verify();
		// another subject's bucket is full
		StepVerifier.create(this.limits.take(limit, UUID.randomUUID().toString())).verifyComplete();
	}

	@Test
	void aBuyersLimitIsRefusedAsAProblemNamingIt() {
		assertThat(this.limits.perBuyer()).isEqualTo(new RateLimit("per-buyer", 3, 1, Duration.ofHours(1)));
		String address = newAddress();
		String phone = Fixtures.uniquePhone();
		for (int i = 0; i < 3; i++) {
			assertThat(
					send(List.of(Request.cancel(this.port, address, BuyerLimitProbe.PATH + "?phone=" + phone))).get(0)
						.status())
				.isEqualTo(200);
		}
		Answer refused = send(List.of(Request.cancel(this.port, address, BuyerLimitProbe.PATH + "?phone=" + phone)))
			.get(0);
		assertThat(refused.status()).isEqualTo(429);
		assertRateLimited(refused, "per-buyer", 3500, 3600);
		// the same number written another way is the same buyer; another buyer is not
		assertThat(send(List.of(Request.cancel(this.port, address,
				BuyerLimitProbe.PATH + "?phone=%2B86%20" + phone.substring(0, 3) + "-" + phone.substring(3))))
			.get(0)
			.status()).isEqualTo(429);
		assertThat(send(
				List.of(Request.cancel(this.port, address, BuyerLimitProbe.PATH + "?phone=" + Fixtures.uniquePhone())))
			.get(0)
			.status()).isEqualTo(200);
	}

	@Test
	void aBuyerFiringOrdersIsLimitedByPhoneBeforeAnythingIsHeld() {
		SkuView sku = this.fixtures.skuInStock(5800, 1000);
		String phone = Fixtures.uniquePhone();
		List<Request> requests = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			// from ten addresses, so that only the buyer's own bucket runs dry
			requests.add(Request.order(this.port, newAddress(),
					Orders.body(null, (i % 2 == 0) ? phone : "+86 " + phone, sku.code(), 1)));
		}

		List<Answer> answers = send(requests);

		assertThat(answers).filteredOn((answer) -> answer.status() == 201).hasSize(3);
		List<Answer> refused = answers.stream().filter((answer) -> answer.status() == 429).toList();
		assertThat(refused).hasSize(7);
		refused.forEach((answer) -> assertRateLimited(answer, "per-buyer", 3500, 3600));
		assertThat(count("SELECT count(*) FROM cooplive.order_line WHERE sku_id = :sku", sku.id())).isEqualTo(3);
	}

	@Test
	void aBuyersCancelsAndPaymentsTakeFromTheBuyersBucketToo() {
		SkuView sku = this.fixtures.skuInStock(5800, 1000);
		String address = newAddress();
		String phone = Fixtures.uniquePhone();
		// placing takes the first of the buyer's three
		OrderView order = this.web.post()
			.uri("/api/v1/storefront/orders")
			.header("X-Forwarded-For", address)
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Orders.body(null, phone, sku.code(), 1))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(OrderView.class)
			.returnResult()
			.getResponseBody();
		List<Integer> statuses = new ArrayList<>();
		for (String path : List.of("/cancel", "/cancel", "/payment", "/cancel")) {
			statuses.add(this.web.post()
				.uri("/api/v1/storefront/orders/" + order.id() + path)
				.header("X-Forwarded-For", address)
				.header("X-Order-Token", order.accessToken())
				.exchange()
				.returnResult(String.class)
				.getStatus()
				.value());
		}
		// cancelled, then refused as cancelled already: both count; then the bucket is
		// dry
		assertThat(statuses).containsExactly(200, 409, 429, 429);
	}

	@Test
	void aClientForgingXForwardedForBehindTheTrustedProxyStillSharesItsBucket() {
		String address = newAddress();
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			// what the script sent, then what the proxy (127.0.0.1 here) appended
			String forwarded = "9.9." + (i / 200) + "." + (i % 200 + 1) + ", " + address;
			statuses.add(send(List
				.of(Request.cancel(this.port, forwarded, "/api/v1/storefront/orders/" + UUID.randomUUID() + "/cancel")))
				.get(0)
				.status());
		}
		assertThat(statuses).filteredOn((status) -> status == 404).hasSize(50);
		assertThat(statuses).filteredOn((status) -> status == 429).hasSize(10);
	}

	@Test
	void twoInstancesSharingRedisShareTheBucket() {
		SkuView sku = this.fixtures.skuInStock(5800, 1000);
		String address = newAddress();
		try (SecondInstance second = new SecondInstance(this.environment)) {
			List<Request> requests = new ArrayList<>();
			for (int i = 0; i < 80; i++) {
				requests.add(Request.order((i % 2 == 0) ? this.port : second.port(), address,
						Orders.body(null, Fixtures.uniquePhone(), sku.code(), 1)));
			}

			List<Answer> answers = send(requests);

			assertThat(answers).filteredOn((answer) -> answer.status() == 201).hasSize(50);
			assertThat(answers).filteredOn((answer) -> answer.status() == 429).hasSize(30);
		}
		assertThat(count("SELECT count(*) FROM cooplive.order_line WHERE sku_id = :sku", sku.id())).isEqualTo(50);
	}

	@Test
	void whenRedisIsSlowOrUnreachableRequestsPassAndAreCounted() throws InterruptedException {
		URI shared = URI.create(TestServices.get().redisAddress());
		try (TcpProxy proxy = new TcpProxy(shared.getHost(), (shared.getPort() > 0) ? shared.getPort() : 6379);
				SecondInstance second = new SecondInstance(this.environment, Map.of("cooplive.redis.address",
						"redis://127.0.0.1:" + proxy.port(), "cooplive.rate-limits.per-address.capacity", "5"))) {
			MeterRegistry meters = second.bean(MeterRegistry.class);
			String address = newAddress();
			assertThat(cancels(second.port(), address, 5)).containsOnly(404);
			assertThat(cancels(second.port(), address, 1)).containsOnly(429);
			double before = unchecked(meters);

			// slow: no answer within the timeout
			proxy.stall(true);
			assertThat(cancels(second.port(), address, 10)).containsOnly(404);
			assertThat(unchecked(meters) - before).isEqualTo(10);

			// unreachable: connections cut and refused, once the instance asks again
			proxy.stall(false);
			proxy.refuse(true);
			proxy.cut();
			Thread.sleep(RateLimits.STEP_ASIDE.toMillis() + 500);
			assertThat(cancels(second.port(), address, 10)).containsOnly(404);
			assertThat(unchecked(meters) - before).isEqualTo(20);

			// back: the bucket, still empty, refuses again
			proxy.refuse(false);
			Instant deadline = Instant.now().plusSeconds(30);
			List<Integer> statuses = cancels(second.port(), address, 1);
			while (!statuses.contains(429) && Instant.now().isBefore(deadline)) {
				Thread.sleep(200);
				statuses = cancels(second.port(), address, 1);
			}
			assertThat(statuses).containsOnly(429);
		}
	}

	@Test
	void soldOutAnswersGivenBeforeTheWebFrameworkTakeNothingFromTheBucket() {
		SkuView sku = this.fixtures.skuInStock(5800, 10);
		SessionView session = this.fixtures.liveSession(this.fixtures.member(true).id(), sku.id(), 5000, 1, 1);
		String address = newAddress();
		// the controller places the only unit, then refuses the next order: this instance
		// now knows the item sold out. Two requests reached the web framework
		assertThat(send(List
			.of(Request.order(this.port, address, Orders.body(session.id(), Fixtures.uniquePhone(), sku.code(), 1))))
			.get(0)
			.status()).isEqualTo(201);
		assertThat(send(List
			.of(Request.order(this.port, address, Orders.body(session.id(), Fixtures.uniquePhone(), sku.code(), 1))))
			.get(0)
			.body()).contains("\"code\":\"QUOTA_EXCEEDED\"");

		List<Request> late = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			late.add(Request.order(this.port, address,
					Orders.body(session.id(), Fixtures.uniquePhone(), sku.code(), 1)));
		}
		assertThat(send(late)).allSatisfy((answer) -> {
			assertThat(answer.status()).isEqualTo(409);
			assertThat(answer.body()).contains("\"code\":\"QUOTA_EXCEEDED\"");
		});

		// the bucket holds what the two requests left of it
		List<Integer> statuses = cancels(this.port, address, 60);
		assertThat(statuses).filteredOn((status) -> status == 404).hasSize(48);
		assertThat(statuses).filteredOn((status) -> status == 429).hasSize(12);
		assertThat(count("SELECT count(*) FROM cooplive.order_line WHERE sku_id = :sku", sku.id())).isEqualTo(1);
	}

	private static void assertRateLimited(Answer answer, String limit, long minRetryAfter, long maxRetryAfter) {
		assertThat(answer.status()).isEqualTo(429);
		HttpHeaders headers = answer.headers();
		assertThat(headers.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(Long.parseLong(headers.getFirst(HttpHeaders.RETRY_AFTER))).isBetween(minRetryAfter, maxRetryAfter);
		assertThat(headers.getFirst("X-Request-Id")).isNotBlank();
		assertThat(headers.getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(headers.getFirst("X-Frame-Options")).isEqualTo("DENY");
		assertThat(headers.getFirst(HttpHeaders.CACHE_CONTROL)).contains("no-store");
		JsonNode problem = JSON.readTree(answer.body());
		assertThat(problem.path("status").asInt()).isEqualTo(429);
		assertThat(problem.path("code").asString()).isEqualTo("RATE_LIMITED");
		assertThat(problem.path("limit").asString()).isEqualTo(limit);
		assertThat(problem.path("title").asString()).isEqualTo("Too Many Requests");
		assertThat(problem.path("instance").asString()).startsWith("/api/v1/");
	}

	private static double unchecked(MeterRegistry meters) {
		return meters.get("cooplive.rate_limit.unchecked").tag("limit", "per-address").counter().count();
	}

	// cancellations of orders nobody placed, one after the other: 404 when they pass
	private static List<Integer> cancels(int port, String address, int count) {
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			statuses.add(send(List
				.of(Request.cancel(port, address, "/api/v1/storefront/orders/" + UUID.randomUUID() + "/cancel"))).get(0)
				.status());
		}
		return statuses;
	}

	private static String newAddress() {
		int n = ADDRESSES.incrementAndGet();
		return "198.51." + (100 + n / 250) + "." + (1 + n % 250);
	}

	private long count(String sql, UUID id) {
		return this.db.sql(sql).bind("sku", id).map((row) -> row.get(0, Long.class)).one().block();
	}

	/** A POST to a path of an instance from a client address, with a body or none. */
	private record Request(int port, String address, String path, Map<String, Object> body) {

		static Request order(int port, String address, Map<String, Object> body) {
			return new Request(port, address, "/api/v1/storefront/orders", body);
		}

		static Request cancel(int port, String address, String path) {
			return new Request(port, address, path, null);
		}

	}

	private record Answer(int status, HttpHeaders headers, String body) {
	}

	// every request at once over connections of its own, each answer read whole
	private static List<Answer> send(List<Request> requests) {
		ConnectionProvider connections = ConnectionProvider.builder("rate-limits")
			.maxConnections(requests.size() + 10)
			.pendingAcquireMaxCount(-1)
			.build();
		try {
			WebClient client = WebClient.builder()
				.clientConnector(new ReactorClientHttpConnector(
						HttpClient.create(connections).responseTimeout(Duration.ofSeconds(60))))
				.build();
			return Flux.fromIterable(requests).flatMap((request) -> {
				WebClient.RequestBodySpec post = client.post()
					.uri(URI.create("http://127.0.0.1:" + request.port() + request.path()))
					.header("X-Forwarded-For", request.address())
					.header("X-Order-Token", "forged");
				// orders come from buyers who verified their phone
				String token = (request.body() != null) ? Orders.buyerToken(request.body()) : null;
				if (token != null) {
					post = post.header(BuyerTokens.HEADER, token);
				}
				WebClient.RequestHeadersSpec<?> ready = (request.body() != null)
						? post.header("Idempotency-Key", UUID.randomUUID().toString())
							.contentType(MediaType.APPLICATION_JSON)
							.bodyValue(request.body())
						: post;
				return ready.exchangeToMono(RateLimitsIntegrationTests::answer);
			}, requests.size()).collectList().block(Duration.ofMinutes(3));
		}
		finally {
			connections.dispose();
		}
	}

	private static Mono<Answer> answer(org.springframework.web.reactive.function.client.ClientResponse response) {
		return response.bodyToMono(String.class)
			.defaultIfEmpty("")
			.map((body) -> new Answer(response.statusCode().value(), response.headers().asHttpHeaders(), body));
	}

	/**
	 * Takes from the buyer's bucket as a module knowing the buyer does, and lets its
	 * refusal be answered by the service's problem handling.
	 */
	@RestController
	static class BuyerLimitProbe {

		static final String PATH = "/api/v1/storefront/test/buyer-limit";

		private final RateLimits limits;

		BuyerLimitProbe(RateLimits limits) {
			this.limits = limits;
		}

		@PostMapping(PATH)
		Mono<String> take(@RequestParam String phone) {
			return this.limits.takeForBuyer(PhoneNumber.parse(phone)).thenReturn("taken");
		}

	}

}
