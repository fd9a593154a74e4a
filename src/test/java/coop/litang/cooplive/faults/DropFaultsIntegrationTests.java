package coop.litang.cooplive.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import coop.litang.cooplive.testing.RedisServer;
import coop.litang.cooplive.testing.ServiceProcess;
import coop.litang.cooplive.testing.TcpProxy;
import coop.litang.cooplive.testing.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A live drop under faults, as buyers meet it: two instances of the service (each a JVM
 * of its own) share PostgreSQL, through a TCP proxy the test controls, and a Redis server
 * of the test's own; hundreds of buyers each send their order one to three times with the
 * same Idempotency-Key, some at the same moment, to either instance, and try again after
 * a 503 or a broken connection. In turn: nothing breaks; Redis is killed (SIGKILL) a
 * third of the way in and started again, empty, at two thirds; PostgreSQL's connections
 * are cut and refused for four seconds; one instance is killed (SIGKILL) mid-drop. After
 * each drop every buyer asks once more with their key, and PostgreSQL is read: no
 * oversell, nobody over the limit, one order per key, every acknowledged order stored as
 * answered, every retry of a placed order answered with it, no 500, no request
 * unanswered, ledger equal to levels, and the service healthy and selling without a
 * restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DropFaultsIntegrationTests {

	private static final int BUYERS = 400;

	private static final long QUOTA = 300;

	private static final long LIMIT = 2;

	// buyers arrive in waves, as they do when the host says "3, 2, 1, link is up": one a
	// second, for six seconds
	private static final int WAVES = 6;

	private static final Duration WAVE = Duration.ofSeconds(1);

	private static final Duration ANSWER_WITHIN = Duration.ofSeconds(20);

	private final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private TestServices services;

	private String database;

	private TcpProxy postgres;

	private RedisServer redis;

	private ServiceProcess first;

	private ServiceProcess second;

	private final List<ServiceProcess> alive = new CopyOnWriteArrayList<>();

	private ExecutorService buyers;

	private ScheduledExecutorService faults;

	private String admin;

	private String host;

	private int drops;

	@BeforeAll
	void startTwoInstances() throws Exception {
		this.services = TestServices.get();
		this.database = this.services.newDatabase();
		this.postgres = new TcpProxy(this.services.pgHost(), this.services.pgPort());
		this.redis = new RedisServer();
		// the first instance migrates the database and loads the demo users
		this.first = new ServiceProcess("instance-a", settings(true)).awaitReady(Duration.ofMinutes(2));
		this.second = new ServiceProcess("instance-b", settings(false)).awaitReady(Duration.ofMinutes(2));
		this.alive.addAll(List.of(this.first, this.second));
		// a thread per buyer in flight: a buyer sending twice at once waits for its twin
		this.buyers = Executors.newCachedThreadPool();
		this.faults = Executors.newSingleThreadScheduledExecutor();
		this.admin = token("admin", "admin-dev-pass");
		this.host = token("host", "host-dev-pass");
	}

	@AfterAll
	void stop() {
		if (this.buyers != null) {
			this.buyers.shutdownNow();
			this.faults.shutdownNow();
		}
		for (ServiceProcess instance : new ServiceProcess[] { this.first, this.second }) {
			if (instance != null) {
				instance.close();
				assertThat(instance.log()).as("leak reports of " + instance.name()).doesNotContain("LEAK:");
			}
		}
		if (this.redis != null) {
			this.redis.close();
		}
		if (this.postgres != null) {
			this.postgres.close();
		}
	}

	private Map<String, String> settings(boolean demo) {
		String url = "//127.0.0.1:" + this.postgres.port() + "/" + this.database;
		Map<String, String> settings = new TreeMap<>();
		settings.put("spring.r2dbc.url", "r2dbc:postgresql:" + url);
		settings.put("spring.r2dbc.username", this.services.pgUser());
		settings.put("spring.r2dbc.password", this.services.pgPassword());
		settings.put("spring.flyway.url", "jdbc:postgresql:" + url);
		settings.put("spring.flyway.user", this.services.pgUser());
		settings.put("spring.flyway.password", this.services.pgPassword());
		settings.put("cooplive.redis.address", this.redis.address());
		settings.put("cooplive.redis.key-prefix", "faults:");
		settings.put("cooplive.demo.enabled", String.valueOf(demo));
		settings.put("cooplive.ordering.sweep-interval", "1h");
		settings.put("logging.level.root", "warn");
		return settings;
	}

	@Test
	@Order(1)
	void aDropWithNothingBrokenIsExact() throws Exception {
		Drop drop = drop("healthy", (at) -> {
		});
		drop.check();
	}

	@Test
	@Order(2)
	void redisKilledAThirdOfTheWayInAndBackEmptyAtTwoThirdsLosesNoAnswer() throws Exception {
		Drop drop = drop("redis killed", (at) -> {
			at.accept(WAVE.multipliedBy(2).plusMillis(15), this.redis::kill);
			at.accept(WAVE.multipliedBy(4).plusMillis(15), this.redis::start);
		});
		drop.check();
	}

	@Test
	@Order(3)
	void postgresCutAndRefusedForSecondsIsAnswered503AndRecovers() throws Exception {
		Drop drop = drop("postgres cut", (at) -> {
			at.accept(WAVE.multipliedBy(2).plusMillis(15), () -> {
				this.postgres.refuse(true);
				this.postgres.cut();
			});
			at.accept(WAVE.multipliedBy(2).plusMillis(15).plusSeconds(4), () -> this.postgres.refuse(false));
		});
		assertThat(drop.count(503)).as("503 answers while PostgreSQL was away").isPositive();
		drop.check();
	}

	@Test
	@Order(4)
	void anInstanceKilledMidDropLeavesEveryOrderToItsRetries() throws Exception {
		Drop drop = drop("instance killed", (at) -> at.accept(WAVE.multipliedBy(2).plusMillis(15), () -> {
			this.alive.remove(this.second);
			this.second.kill();
		}));
		assertThat(drop.attempts.stream().filter(Attempt::connectionLost)).as("requests cut by the kill").isNotEmpty();
		drop.check();
		assertThat(this.second.alive()).isFalse();
	}

	// a drop

	private interface Faults {

		void plan(Schedule at);

	}

	private interface Schedule {

		void accept(Duration after, Runnable fault);

	}

	/** One answer (or failure to answer) to one request. */
	private record Attempt(int buyer, String instance, Instant sent, Instant answered, int status, String orderId,
			String code, String retryAfter, String contentType, boolean finalRound) {

		boolean connectionLost() {
			return this.status == -1;
		}

		// told that an earlier request with its key is still being placed
		boolean inFlight() {
			return this.status == 409 && "ORDER_IN_FLIGHT".equals(this.code);
		}

	}

	private record Buyer(int index, String phone, String key, long quantity, String body) {
	}

	private Drop drop(String name, Faults faults) throws Exception {
		this.drops++;
		Drop drop = new Drop(name, setUpSession());
		List<Future<?>> running = new ArrayList<>();
		Instant start = Instant.now().plusMillis(200);
		faults.plan((after, fault) -> this.faults.schedule(fault,
				Duration.between(Instant.now(), start.plus(after)).toMillis(), TimeUnit.MILLISECONDS));
		Random random = new Random(42 + this.drops);
		for (int i = 0; i < BUYERS; i++) {
			Buyer buyer = drop.buyer(i, 1 + random.nextInt((int) LIMIT));
			int sends = 1 + random.nextInt(3);
			boolean together = sends > 1 && random.nextInt(3) == 0;
			Instant at = start.plus(WAVE.multipliedBy(i % WAVES));
			long seed = random.nextLong();
			running.add(this.buyers.submit(() -> {
				sleepUntil(at);
				Random own = new Random(seed);
				if (together) {
					Future<?> twin = this.buyers.submit(() -> drop.send(buyer, own.nextInt(2), false));
					drop.send(buyer, own.nextInt(2), false);
					join(twin);
					for (int s = 2; s < sends; s++) {
						drop.send(buyer, own.nextInt(2), false);
					}
				}
				else {
					for (int s = 0; s < sends; s++) {
						drop.send(buyer, own.nextInt(2), false);
					}
				}
			}));
		}
		for (Future<?> buyer : running) {
			buyer.get(3, TimeUnit.MINUTES);
		}
		// every instance still running is healthy again, without a restart
		for (ServiceProcess instance : this.alive) {
			instance.awaitReady(Duration.ofSeconds(60));
		}
		// every buyer asks once more, with the same key, once the gate is back in front
		// of
		// the drop: the bypass after Redis failed has run out (5 s), and the first
		// retries
		// have had the gate rebuilt from PostgreSQL
		pause(6000);
		List<Buyer> everyone = new ArrayList<>(drop.buyers.values());
		for (Buyer buyer : everyone.subList(0, 4)) {
			drop.send(buyer, buyer.index() % 2, true);
		}
		pause(1500);
		ExecutorService eight = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> last = new ArrayList<>();
			for (Buyer buyer : everyone.subList(4, everyone.size())) {
				last.add(eight.submit(() -> drop.send(buyer, buyer.index() % 2, true)));
			}
			for (Future<?> buyer : last) {
				buyer.get(3, TimeUnit.MINUTES);
			}
		}
		finally {
			eight.shutdownNow();
		}
		drop.report();
		return drop;
	}

	private final class Drop {

		final String name;

		final Session session;

		final Map<Integer, Buyer> buyers = new ConcurrentHashMap<>();

		final List<Attempt> attempts = new CopyOnWriteArrayList<>();

		Drop(String name, Session session) {
			this.name = name;
			this.session = session;
		}

		Buyer buyer(int index, long quantity) {
			String phone = "137" + String.format("%08d", DropFaultsIntegrationTests.this.drops * 100_000 + index);
			String body = """
					{"sessionId":"%s","buyer":{"name":"买家 %d","phone":"%s","address":"理塘县 格聂镇"},\
					"lines":[{"sku":"%s","quantity":%d}]}""".formatted(this.session.id(), index, phone,
					this.session.liveSku(), quantity);
			Buyer buyer = new Buyer(index, phone, UUID.randomUUID().toString(), quantity, body);
			this.buyers.put(index, buyer);
			return buyer;
		}

		// one request, then again (on the other instance when one is gone) after a 503 or
		// a
		// lost connection, as a buyer's app would
		void send(Buyer buyer, int preferred, boolean finalRound) {
			for (int tries = 0; tries < 12; tries++) {
				List<ServiceProcess> instances = DropFaultsIntegrationTests.this.alive;
				ServiceProcess instance = instances.get((preferred + tries) % instances.size());
				Attempt attempt = post(instance, buyer, finalRound);
				this.attempts.add(attempt);
				// and again when told its earlier request is still being placed
				if (attempt.status() != 503 && !attempt.connectionLost() && !attempt.inFlight()) {
					return;
				}
				pause(300);
			}
		}

		Attempt post(ServiceProcess instance, Buyer buyer, boolean finalRound) {
			HttpRequest request = HttpRequest.newBuilder(URI.create(instance.base() + "/api/v1/storefront/orders"))
				.timeout(ANSWER_WITHIN)
				.header("Content-Type", "application/json")
				.header("Idempotency-Key", buyer.key())
				.POST(HttpRequest.BodyPublishers.ofString(buyer.body()))
				.build();
			Instant sent = Instant.now();
			try {
				HttpResponse<String> answer = DropFaultsIntegrationTests.this.http.send(request,
						HttpResponse.BodyHandlers.ofString());
				JsonNode body = readJson(answer.body());
				return new Attempt(buyer.index(), instance.name(), sent, Instant.now(), answer.statusCode(),
						(answer.statusCode() / 100 == 2) ? body.path("id").asString(null) : null,
						body.path("code").asString(null), answer.headers().firstValue("Retry-After").orElse(null),
						answer.headers().firstValue("Content-Type").orElse(null), finalRound);
			}
			catch (HttpTimeoutException ex) {
				return new Attempt(buyer.index(), instance.name(), sent, Instant.now(), -2, null, null, null, null,
						finalRound);
			}
			catch (IOException ex) {
				return new Attempt(buyer.index(), instance.name(), sent, Instant.now(), -1, null, null, null, null,
						finalRound);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		long count(int status) {
			return this.attempts.stream().filter((attempt) -> attempt.status() == status).count();
		}

		void report() {
			Map<String, Long> answers = new TreeMap<>();
			for (Attempt attempt : this.attempts) {
				String kind = switch (attempt.status()) {
					case -1 -> "connection lost";
					case -2 -> "no answer in " + ANSWER_WITHIN.toSeconds() + " s";
					default -> attempt.status() + ((attempt.code() != null) ? " " + attempt.code() : "");
				};
				answers.merge((attempt.finalRound() ? "final round: " : "drop: ") + kind, 1L, Long::sum);
			}
			long slowest = this.attempts.stream()
				.filter((attempt) -> attempt.status() > 0)
				.mapToLong((attempt) -> Duration.between(attempt.sent(), attempt.answered()).toMillis())
				.max()
				.orElse(0);
			System.out.printf("%n== drop under fault: %s: %d buyers, %d requests, slowest answer %d ms%n", this.name,
					this.buyers.size(), this.attempts.size(), slowest);
			answers.forEach((kind, n) -> System.out.printf("   %-48s %6d%n", kind, n));
		}

		void check() throws SQLException {
			try (Connection db = DropFaultsIntegrationTests.this.services
				.connect(DropFaultsIntegrationTests.this.database)) {
				Map<String, StoredOrder> byPhone = orders(db, this.session);
				long sold = single(db, "SELECT sold FROM cooplive.lineup_item WHERE id = ?", this.session.liveItem());
				long units = byPhone.values().stream().mapToLong(StoredOrder::quantity).sum();
				System.out.printf("   orders %d, units sold %d of %d%n", byPhone.size(), sold, QUOTA);
				assertThat(sold).as("units sold").isLessThanOrEqualTo(QUOTA).isEqualTo(units);
				for (StoredOrder order : byPhone.values()) {
					assertThat(order.quantity()).as("units of buyer " + order.phone()).isLessThanOrEqualTo(LIMIT);
				}
				assertThat(single(db,
						"SELECT count(*) FROM cooplive.orders o JOIN cooplive.order_idempotency k ON k.order_id = o.id "
								+ "WHERE o.session_id = ?",
						this.session.id()))
					.as("one key for each order")
					.isEqualTo(byPhone.size());
				assertThat(
						single(db, "SELECT coalesce(max(units), 0) FROM cooplive.buyer_claim WHERE lineup_item_id = ?",
								this.session.liveItem()))
					.as("largest claim")
					.isLessThanOrEqualTo(LIMIT);
				Map<Integer, List<Attempt>> byBuyer = new HashMap<>();
				this.attempts.forEach(
						(attempt) -> byBuyer.computeIfAbsent(attempt.buyer(), (b) -> new ArrayList<>()).add(attempt));
				List<String> wrong = new ArrayList<>();
				for (Buyer buyer : this.buyers.values()) {
					StoredOrder order = byPhone.get(buyer.phone());
					if (order != null && !order.key().equals(buyer.key())) {
						wrong.add(buyer.phone() + ": an order under another key");
					}
					if (order != null && order.quantity() != buyer.quantity()) {
						wrong.add(buyer.phone() + ": stored " + order.quantity() + " units, asked " + buyer.quantity());
					}
					for (Attempt attempt : byBuyer.getOrDefault(buyer.index(), List.of())) {
						String problem = problem(attempt, order);
						if (problem != null) {
							wrong.add(buyer.phone() + " " + attempt + ": " + problem + "; the order: "
									+ ((order != null) ? order.id() + " made " + order.createdAt() : "none")
									+ "; all attempts of the buyer: " + byBuyer.get(buyer.index()));
						}
					}
				}
				assertThat(wrong).as("answers that break the promise to a buyer").isEmpty();
				for (String sku : List.of(this.session.liveSkuId(), this.session.freshSkuId())) {
					assertThat(ledger(db, sku)).as("ledger of " + sku).isEqualTo(level(db, sku));
				}
			}
			// a new buyer is served on every instance still running
			for (ServiceProcess instance : DropFaultsIntegrationTests.this.alive) {
				String phone = "136" + String.format("%08d", DropFaultsIntegrationTests.this.drops * 1000
						+ DropFaultsIntegrationTests.this.alive.indexOf(instance));
				Buyer fresh = new Buyer(-1, phone, UUID.randomUUID().toString(), 1, """
						{"sessionId":"%s","buyer":{"name":"新买家","phone":"%s","address":"理塘县"},\
						"lines":[{"sku":"%s","quantity":1}]}""".formatted(this.session.id(), phone,
						this.session.freshSku()));
				assertThat(post(instance, fresh, true).status()).as("a new buyer on " + instance.name()).isEqualTo(201);
			}
		}

		// what is wrong with an answer to a buyer whose key holds this order (or none)
		private String problem(Attempt attempt, StoredOrder order) {
			int status = attempt.status();
			if (status == -2) {
				return "not answered";
			}
			if (attempt.connectionLost()) {
				return (this.name.equals("instance killed") && attempt.instance().equals("instance-b")) ? null
						: "connection lost to an instance that was not killed";
			}
			if (status == 503) {
				return (attempt.retryAfter() != null && "application/problem+json".equals(attempt.contentType())) ? null
						: "a 503 without Retry-After or problem details";
			}
			if (status >= 500) {
				return "a server error";
			}
			if (status == 200 || status == 201) {
				return (order != null && order.id().equals(attempt.orderId())) ? null
						: "acknowledged an order PostgreSQL does not hold for this key";
			}
			if (attempt.inFlight()) {
				// the plain answer while an earlier attempt with the key is being placed
				return null;
			}
			if (status == 409
					&& ("QUOTA_EXCEEDED".equals(attempt.code()) || "BUYER_LIMIT_EXCEEDED".equals(attempt.code()))) {
				if (order == null) {
					return null;
				}
				// refused after its order had been made: the units it was refused for are
				// its
				// own
				return attempt.answered().isAfter(order.createdAt()) ? "refused although its order exists" : null;
			}
			return "unexpected answer";
		}

	}

	// what PostgreSQL holds

	private record StoredOrder(String id, String phone, String key, long quantity, Instant createdAt) {
	}

	private static Map<String, StoredOrder> orders(Connection db, Session session) throws SQLException {
		Map<String, StoredOrder> orders = new HashMap<>();
		try (PreparedStatement query = db.prepareStatement(
				"SELECT o.id, o.buyer_phone, k.idempotency_key, l.quantity, o.created_at FROM cooplive.orders o "
						+ "JOIN cooplive.order_line l ON l.order_id = o.id "
						+ "JOIN cooplive.order_idempotency k ON k.order_id = o.id "
						+ "WHERE l.lineup_item_id = ? AND o.status NOT IN ('CANCELLED', 'EXPIRED')")) {
			query.setObject(1, UUID.fromString(session.liveItem()));
			try (ResultSet rows = query.executeQuery()) {
				while (rows.next()) {
					StoredOrder order = new StoredOrder(rows.getString(1), rows.getString(2), rows.getString(3),
							rows.getLong(4), rows.getTimestamp(5).toInstant());
					StoredOrder before = orders.put(order.phone(), order);
					assertThat(before).as("a second order of buyer " + order.phone()).isNull();
				}
			}
		}
		return orders;
	}

	private static long single(Connection db, String sql, String id) throws SQLException {
		try (PreparedStatement query = db.prepareStatement(sql)) {
			query.setObject(1, UUID.fromString(id));
			try (ResultSet rows = query.executeQuery()) {
				rows.next();
				return rows.getLong(1);
			}
		}
	}

	private static String level(Connection db, String sku) throws SQLException {
		return pair(db, "SELECT on_hand, reserved FROM cooplive.stock_level WHERE sku_id = ?", sku);
	}

	private static String ledger(Connection db, String sku) throws SQLException {
		return pair(db,
				"SELECT coalesce(sum(CASE kind WHEN 'RECEIPT' THEN quantity WHEN 'ADJUSTMENT' THEN quantity "
						+ "WHEN 'RETURN' THEN quantity WHEN 'SALE' THEN -quantity ELSE 0 END), 0), "
						+ "coalesce(sum(CASE kind WHEN 'RESERVE' THEN quantity WHEN 'RELEASE' THEN -quantity "
						+ "WHEN 'SALE' THEN -quantity ELSE 0 END), 0) FROM cooplive.stock_movement WHERE sku_id = ?",
				sku);
	}

	private static String pair(Connection db, String sql, String sku) throws SQLException {
		try (PreparedStatement query = db.prepareStatement(sql)) {
			query.setObject(1, UUID.fromString(sku));
			try (ResultSet rows = query.executeQuery()) {
				rows.next();
				return "on hand " + rows.getLong(1) + ", reserved " + rows.getLong(2);
			}
		}
	}

	// the session of one drop, set up through the API as a host and an admin would

	private record Session(String id, String liveItem, String liveSku, String liveSkuId, String freshSku,
			String freshSkuId) {
	}

	private Session setUpSession() {
		String code = "FAULT" + this.drops + "X" + (System.nanoTime() % 100_000);
		JsonNode supplier = call("GET", "/api/v1/admin/members?q=Drolma", this.admin, null).path("items").get(0);
		JsonNode product = call("POST", "/api/v1/admin/products", this.admin, """
				{"code":"%s","nameZh":"虫草","nameEn":"Cordyceps","skus":[
				{"code":"%s-LIVE","unit":"PIECE","listPriceFen":5800},
				{"code":"%s-FRESH","unit":"PIECE","listPriceFen":5800}]}""".formatted(code, code, code));
		String liveSkuId = null;
		String freshSkuId = null;
		for (JsonNode sku : product.path("skus")) {
			if (sku.path("code").asString().endsWith("-LIVE")) {
				liveSkuId = sku.path("id").asString();
			}
			else {
				freshSkuId = sku.path("id").asString();
			}
		}
		for (String sku : List.of(liveSkuId, freshSkuId)) {
			call("POST", "/api/v1/admin/stock-receipts", this.admin, """
					{"skuId":"%s","supplierMemberId":"%s","originVillageId":"%s","quantity":10000,
					"purchaseValueFen":1000000,"harvestDate":"2026-06-01"}""".formatted(sku,
					supplier.path("id").asString(), supplier.path("villageId").asString()));
		}
		String session = call("POST", "/api/v1/host/sessions", this.host, """
				{"title":"故障演练 %s","channel":"DOUYIN","scheduledStart":"2026-12-01T12:00:00Z"}""".formatted(code))
			.path("id")
			.asString();
		call("POST", "/api/v1/host/sessions/" + session + "/lineup", this.host, """
				{"skuId":"%s","sessionPriceFen":5000,"quota":%d,"perBuyerLimit":%d,"verifiedBuyers":false}"""
			.formatted(liveSkuId, QUOTA, LIMIT));
		JsonNode lineup = call("POST", "/api/v1/host/sessions/" + session + "/lineup", this.host, """
				{"skuId":"%s","sessionPriceFen":5000,"quota":1000,"perBuyerLimit":2,"verifiedBuyers":false}"""
			.formatted(freshSkuId));
		String liveItem = null;
		for (JsonNode item : lineup.path("lineup")) {
			if (item.path("skuCode").asString().endsWith("-LIVE")) {
				liveItem = item.path("id").asString();
			}
		}
		call("POST", "/api/v1/host/sessions/" + session + "/start", this.host, null);
		return new Session(session, liveItem, code + "-LIVE", liveSkuId, code + "-FRESH", freshSkuId);
	}

	private String token(String username, String password) {
		return call("POST", "/api/v1/auth/token", null,
				"{\"username\":\"%s\",\"password\":\"%s\"}".formatted(username, password))
			.path("accessToken")
			.asString();
	}

	private JsonNode call(String method, String path, String token, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.first.base() + path))
			.timeout(Duration.ofSeconds(20))
			.header("Content-Type", "application/json")
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		try {
			HttpResponse<String> answer = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(answer.statusCode()).as(method + " " + path + ": " + answer.body()).isBetween(200, 299);
			return readJson(answer.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(method + " " + path, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private JsonNode readJson(String body) {
		try {
			return this.json.readTree((body == null || body.isBlank()) ? "{}" : body);
		}
		catch (RuntimeException ex) {
			return this.json.readTree("{}");
		}
	}

	private static void sleepUntil(Instant at) {
		long wait = Duration.between(Instant.now(), at).toMillis();
		if (wait > 0) {
			pause(wait);
		}
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static void join(Future<?> future) {
		try {
			future.get(3, TimeUnit.MINUTES);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
