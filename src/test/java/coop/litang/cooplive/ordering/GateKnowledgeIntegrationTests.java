package coop.litang.cooplive.ordering;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;

import coop.litang.cooplive.catalog.SkuView;
import coop.litang.cooplive.livestream.SessionView;
import coop.litang.cooplive.shared.PhoneNumber;
import coop.litang.cooplive.shared.RedisAccess;
import coop.litang.cooplive.testing.Fixtures;
import coop.litang.cooplive.testing.IntegrationTest;
import coop.litang.cooplive.testing.Orders;
import coop.litang.cooplive.testing.TestServices;
import org.junit.jupiter.api.Test;
import org.redisson.client.codec.StringCodec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis gate and the early sold-out answers refuse an order only when they know its
 * key is unused, and leave the buyer's limit to PostgreSQL: Redis may have lost a mark (a
 * restart), never received one (an instance past its gate), or count units for a buyer
 * that no order holds (an instance killed between taking them and committing). Nor do
 * they refuse an order whose twin (the same key, on another instance) passed the gate
 * while PostgreSQL was being asked about the key.
 */
@IntegrationTest
class GateKnowledgeIntegrationTests {

	@Autowired
	WebTestClient web;

	@Autowired
	Fixtures fixtures;

	@Autowired
	RedisAccess redis;

	@Autowired
	DatabaseClient db;

	@Value("${cooplive.test.database}")
	String database;

	@Test
	void aRetryWhoseMarkRedisLostIsAnsweredWithItsOrderByTheGate() {
		SessionView session = liveSession(1, 1);
		String key = UUID.randomUUID().toString();
		Map<String, Object> body = Orders.body(session.id(), Fixtures.uniquePhone(), sku(session), 1);
		OrderView placed = placed(key, body);
		forgetMark(key);

		place(key, body).expectStatus().isOk().expectBody().jsonPath("$.id").isEqualTo(placed.id().toString());
		assertThat(orders(session)).isEqualTo(1);
	}

	@Test
	void aRetryWhoseMarkRedisLostIsAnsweredWithItsOrderBeforeTheEarlyAnswers() {
		SessionView session = liveSession(1, 1);
		String key = UUID.randomUUID().toString();
		Map<String, Object> body = Orders.body(session.id(), Fixtures.uniquePhone(), sku(session), 1);
		OrderView placed = placed(key, body);
		// a late buyer is refused: from now on this instance answers the item's refusals
		// early
		place(UUID.randomUUID().toString(), Orders.body(session.id(), Fixtures.uniquePhone(), sku(session), 1))
			.expectStatus()
			.isEqualTo(409);
		forgetMark(key);

		place(key, body).expectStatus().isOk().expectBody().jsonPath("$.id").isEqualTo(placed.id().toString());
		place(UUID.randomUUID().toString(), Orders.body(session.id(), Fixtures.uniquePhone(), sku(session), 1))
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("QUOTA_EXCEEDED");
		assertThat(orders(session)).isEqualTo(1);
	}

	@Test
	void aBuyerCountedInRedisForUnitsNoOrderHoldsIsServed() {
		SessionView session = liveSession(5, 2);
		String phone = Fixtures.uniquePhone();
		// an instance took the buyer's two units in Redis and died before committing
		gate(session).put("b:" + PhoneNumber.parse(phone).value(), "2").block();

		place(UUID.randomUUID().toString(), Orders.body(session.id(), phone, sku(session), 2)).expectStatus()
			.isCreated();
		// and a buyer really at the limit is still refused, by PostgreSQL
		place(UUID.randomUUID().toString(), Orders.body(session.id(), phone, sku(session), 1)).expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("BUYER_LIMIT_EXCEEDED");
		assertThat(orders(session)).isEqualTo(1);
	}

	@Test
	void aRetryWhoseFirstAttemptMayStillBeInFlightIsAskedToTryAgainNotRefused() {
		SessionView session = liveSession(1, 1);
		place(UUID.randomUUID().toString(), Orders.body(session.id(), Fixtures.uniquePhone(), sku(session), 1))
			.expectStatus()
			.isCreated();
		// the gate admits more than PostgreSQL holds (rebuilt after a loss), and an
		// attempt with the key left its mark a moment ago on another instance, where it
		// waits for its batch
		gate(session).put("left", "1").block();
		String key = UUID.randomUUID().toString();
		setMark(key, Long.toString(System.currentTimeMillis()));
		Map<String, Object> body = Orders.body(session.id(), Fixtures.uniquePhone(), sku(session), 1);

		place(key, body).expectStatus()
			.isEqualTo(409)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("ORDER_IN_FLIGHT")
			.jsonPath("$.field")
			.isEqualTo("Idempotency-Key");
		assertThat(orders(session)).isEqualTo(1);

		// once no attempt can be in flight any more, PostgreSQL's refusal is the answer
		setMark(key, "1");
		place(key, body).expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("QUOTA_EXCEEDED");
		assertThat(orders(session)).isEqualTo(1);
	}

	@Test
	void aSoldOutRefusalIsNotGivenWhenAnotherAttemptWithTheKeyPassedTheGateWhileTheKeyWasLookedUp() throws Exception {
		SessionView session = liveSession(1, 1);
		place(UUID.randomUUID().toString(), Orders.body(session.id(), Fixtures.uniquePhone(), sku(session), 1))
			.expectStatus()
			.isCreated();
		String key = UUID.randomUUID().toString();
		Map<String, Object> body = Orders.body(session.id(), Fixtures.uniquePhone(), sku(session), 1);

		// the gate finds the quota short; while PostgreSQL is asked about the key, the
		// buyer's double tap on another instance passes the gate and waits for its batch
		String code = whileKeyLookedUp(key, body, () -> setMark(key, Long.toString(System.currentTimeMillis())));

		assertThat(code).as("the answer to an attempt whose twin is in flight").isEqualTo("ORDER_IN_FLIGHT");
		assertThat(orders(session)).isEqualTo(1);
	}

	@Test
	void anEarlySoldOutAnswerIsNotGivenWhenAnotherAttemptWithTheKeyPassedTheGateWhileTheKeyWasLookedUp()
			throws Exception {
		SessionView session = liveSession(1, 1);
		place(UUID.randomUUID().toString(), Orders.body(session.id(), Fixtures.uniquePhone(), sku(session), 1))
			.expectStatus()
			.isCreated();
		// a late buyer is refused: from now on this instance answers the item's refusals
		// early
		place(UUID.randomUUID().toString(), Orders.body(session.id(), Fixtures.uniquePhone(), sku(session), 1))
			.expectStatus()
			.isEqualTo(409);
		String key = UUID.randomUUID().toString();
		Map<String, Object> body = Orders.body(session.id(), Fixtures.uniquePhone(), sku(session), 1);

		String code = whileKeyLookedUp(key, body, () -> {
			// a look at Redis asked together with the lookup has been answered by now
			sleep(300);
			setMark(key, Long.toString(System.currentTimeMillis()));
		});

		assertThat(code).as("the answer to an attempt whose twin is in flight").isEqualTo("ORDER_IN_FLIGHT");
		assertThat(orders(session)).isEqualTo(1);
		// and with no twin, the early answer is still a refusal
		place(UUID.randomUUID().toString(), Orders.body(session.id(), Fixtures.uniquePhone(), sku(session), 1))
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("QUOTA_EXCEEDED");
	}

	// places the order while PostgreSQL's table of keys is locked; once the order's
	// lookup of its key waits for the lock, runs what happens meanwhile and lets the
	// lookup go on; answers the problem's code
	private String whileKeyLookedUp(String key, Map<String, Object> body, Runnable meanwhile) throws Exception {
		try (Connection lock = TestServices.get().connect(this.database);
				Connection watch = TestServices.get().connect(this.database)) {
			lock.setAutoCommit(false);
			try (Statement statement = lock.createStatement()) {
				statement.execute("LOCK TABLE cooplive.order_idempotency IN ACCESS EXCLUSIVE MODE");
			}
			CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> {
				byte[] problem = place(key, body).expectStatus()
					.isEqualTo(409)
					.expectBody()
					.returnResult()
					.getResponseBody();
				return JsonPath.read(new String(problem, StandardCharsets.UTF_8), "$.code");
			});
			try {
				awaitLookupWaiting(watch);
				meanwhile.run();
			}
			finally {
				lock.rollback();
			}
			return answer.get(30, TimeUnit.SECONDS);
		}
	}

	private static void awaitLookupWaiting(Connection watch) throws SQLException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		try (PreparedStatement waiting = watch
			.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
					+ "AND wait_event_type = 'Lock' AND query LIKE '%FROM order_idempotency%'")) {
			while (System.nanoTime() < deadline) {
				try (ResultSet rows = waiting.executeQuery()) {
					rows.next();
					if (rows.getLong(1) > 0) {
						return;
					}
				}
				sleep(10);
			}
		}
		throw new AssertionError("the order's lookup of its key never waited for the locked table");
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private void setMark(String key, String leftAt) {
		this.redis.reactive()
			.flatMap((client) -> client.<String>getBucket(this.redis.settings().key("mark", key), StringCodec.INSTANCE)
				.set(leftAt))
			.block();
	}

	private SessionView liveSession(long quota, long limit) {
		SkuView sku = this.fixtures.skuInStock(5800, 10);
		return this.fixtures.liveSession(this.fixtures.member(true).id(), sku.id(), 5000, quota, limit);
	}

	private static String sku(SessionView session) {
		return session.lineup().get(0).skuCode();
	}

	private OrderView placed(String key, Map<String, Object> body) {
		return place(key, body).expectStatus().isCreated().expectBody(OrderView.class).returnResult().getResponseBody();
	}

	private WebTestClient.ResponseSpec place(String key, Map<String, Object> body) {
		return Orders.place(this.web, key, body);
	}

	// Redis lost the order's mark: restarted, or never told
	private void forgetMark(String key) {
		this.redis.reactive()
			.flatMap((client) -> client.getKeys().delete(this.redis.settings().key("mark", key)))
			.block();
	}

	private org.redisson.api.RMapReactive<String, String> gate(SessionView session) {
		return this.redis.reactive()
			.block()
			.getMap(this.redis.settings().key("gate", session.lineup().get(0).id().toString()), StringCodec.INSTANCE);
	}

	private long orders(SessionView session) {
		return this.db.sql("SELECT count(*) FROM orders WHERE session_id = :id")
			.bind("id", session.id())
			.map((row) -> row.get(0, Long.class))
			.one()
			.block();
	}

}
