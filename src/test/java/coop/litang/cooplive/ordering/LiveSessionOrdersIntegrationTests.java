package coop.litang.cooplive.ordering;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import coop.litang.cooplive.catalog.SkuView;
import coop.litang.cooplive.identity.Role;
import coop.litang.cooplive.livestream.LivestreamManagement;
import coop.litang.cooplive.livestream.SessionView;
import coop.litang.cooplive.members.MemberView;
import coop.litang.cooplive.shared.RedisAccess;
import coop.litang.cooplive.testing.Fixtures;
import coop.litang.cooplive.testing.IntegrationTest;
import coop.litang.cooplive.testing.MutableClock;
import coop.litang.cooplive.testing.Orders;
import coop.litang.cooplive.testing.SecondInstance;
import coop.litang.cooplive.testing.WholeResponses;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.redisson.client.codec.StringCodec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What hosts do during a live session: enter orders, watch stats, and what the Redis gate
 * does when its state is lost or wrong.
 */
@IntegrationTest
class LiveSessionOrdersIntegrationTests {

	@Autowired
	WebTestClient web;

	@Autowired
	Fixtures fixtures;

	@Autowired
	Environment environment;

	@Autowired
	RedisAccess redis;

	@Autowired
	LivestreamManagement livestream;

	@Autowired
	MeterRegistry meters;

	@Autowired
	MutableClock clock;

	@Autowired
	OrderSweeper sweeper;

	@LocalServerPort
	int port;

	private WebTestClient.ResponseSpec hostOrder(String token, UUID sessionId, Map<String, Object> body) {
		return this.web.post()
			.uri("/api/v1/host/sessions/{id}/orders", sessionId)
			.headers((h) -> h.setBearerAuth(token))
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.bodyValue(body)
			.exchange();
	}

	@Test
	void aHostEntersAnOfflineOrderAndRecordsThePaymentOnlyInTheirOwnSession() {
		MemberView host = this.fixtures.member(true);
		String token = this.fixtures.token(Role.HOST, host.id());
		SkuView sku = this.fixtures.skuInStock(5800, 20);
		SessionView session = this.fixtures.liveSession(host.id(), sku.id(), 5000, 10, 5);
		var body = new java.util.HashMap<>(Orders.body(session.id(), Fixtures.uniquePhone(), sku.code(), 2));
		body.put("paymentMethod", "OFFLINE");
		body.put("paymentNote", "cash on delivery");
		OrderView order = hostOrder(token, session.id(), body).expectStatus()
			.isCreated()
			.expectBody(OrderView.class)
			.returnResult()
			.getResponseBody();
		assertThat(order.channel()).isEqualTo(OrderChannel.SESSION);
		assertThat(order.paymentMethod()).isEqualTo(PaymentMethod.OFFLINE);
		assertThat(order.totalFen()).isEqualTo(10000);

		String otherHost = this.fixtures.token(Role.HOST);
		this.web.post()
			.uri("/api/v1/host/orders/{id}/mark-paid", order.id())
			.headers((h) -> h.setBearerAuth(otherHost))
			.bodyValue(Map.of("reference", "cash"))
			.exchange()
			.expectStatus()
			.isForbidden();
		this.web.post()
			.uri("/api/v1/host/orders/{id}/mark-paid", order.id())
			.headers((h) -> h.setBearerAuth(token))
			.bodyValue(Map.of("reference", "cash to host"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("PAID")
			.jsonPath("$.paymentReference")
			.isEqualTo("cash to host");
		this.web.get()
			.uri("/api/v1/host/sessions/{id}/orders", session.id())
			.headers((h) -> h.setBearerAuth(token))
			.exchange()
			.expectBody()
			.jsonPath("$.totalItems")
			.isEqualTo(1);
	}

	@Test
	void statsCountOrdersUnitsAndGmvPerItem() {
		MemberView host = this.fixtures.member(true);
		String token = this.fixtures.token(Role.HOST, host.id());
		SkuView sku = this.fixtures.skuInStock(5800, 20);
		SessionView session = this.fixtures.liveSession(host.id(), sku.id(), 5000, 10, 5);
		Orders
			.place(this.web, UUID.randomUUID().toString(),
					Orders.body(session.id(), Fixtures.uniquePhone(), sku.code(), 2))
			.expectStatus()
			.isCreated();
		Orders
			.place(this.web, UUID.randomUUID().toString(),
					Orders.body(session.id(), Fixtures.uniquePhone(), sku.code(), 3))
			.expectStatus()
			.isCreated();
		SessionStatsView stats = this.web.get()
			.uri("/api/v1/host/sessions/{id}/stats", session.id())
			.headers((h) -> h.setBearerAuth(token))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(SessionStatsView.class)
			.returnResult()
			.getResponseBody();
		assertThat(stats.orders()).isEqualTo(2);
		assertThat(stats.units()).isEqualTo(5);
		assertThat(stats.gmvFen()).isEqualTo(25000);
		assertThat(stats.ordersLastMinute()).isEqualTo(2);
		assertThat(stats.items()).singleElement().satisfies((item) -> {
			assertThat(item.sold()).isEqualTo(5);
			assertThat(item.remaining()).isEqualTo(5);
		});
	}

	@Test
	void theStatsStreamPushesAnOrderTakenByAnotherInstance() {
		MemberView host = this.fixtures.member(true);
		String token = this.fixtures.token(Role.HOST, host.id());
		SkuView sku = this.fixtures.skuInStock(5800, 20);
		SessionView session = this.fixtures.liveSession(host.id(), sku.id(), 5000, 10, 5);
		try (SecondInstance second = new SecondInstance(this.environment)) {
			var events = WebClient.create("http://127.0.0.1:" + this.port)
				.get()
				.uri("/api/v1/host/sessions/{id}/stats/stream", session.id())
				.headers((h) -> h.setBearerAuth(token))
				.accept(MediaType.TEXT_EVENT_STREAM)
				.retrieve()
				.bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<SessionStatsView>>() {
				})
				.mapNotNull(ServerSentEvent::data);
			WebTestClient other = WholeResponses.bindToServer("http://127.0.0.1:" + second.port());
			StepVerifier.create(events)
				.assertNext((initial) -> assertThat(initial.orders()).isZero())
				.then(() -> Orders
					.place(other, UUID.randomUUID().toString(),
							Orders.body(session.id(), Fixtures.uniquePhone(), sku.code(), 1))
					.expectStatus()
					.isCreated())
				// the heartbeat comes every ten seconds; this event can only be the push
				.expectNextMatches((pushed) -> pushed.orders() == 1 && pushed.items().get(0).sold() == 1)
				.thenCancel()
				.verify(Duration.ofSeconds(3));
		}
	}

	@Test
	void theQuotaLeftIsCorrectedWithoutReloadingTheBuyers() {
		SkuView sku = this.fixtures.skuInStock(5800, 20);
		SessionView session = this.fixtures.liveSession(this.fixtures.member(true).id(), sku.id(), 5000, 10, 5);
		UUID item = session.lineup().get(0).id();
		String key = this.redis.settings().key("gate", item.toString());
		var client = this.redis.reactive().block();
		var gate = client.<String, String>getMap(key, StringCodec.INSTANCE);
		String phone = Fixtures.uniquePhone();
		Orders.place(this.web, UUID.randomUUID().toString(), Orders.body(session.id(), phone, sku.code(), 2))
			.expectStatus()
			.isCreated();
		String buyer = gate.readAllKeySet()
			.block()
			.stream()
			.filter((field) -> field.startsWith("b:"))
			.findFirst()
			.get();

		// a lost give-back left the gate short: corrected from PostgreSQL, buyers kept
		gate.fastPut("left", "3").block();
		this.livestream.correctGate().block();
		assertThat(gate.get("left").block()).isEqualTo("8");
		assertThat(gate.get(buyer).block()).isEqualTo("2");

		// no state at all: rebuilt whole
		client.getKeys().delete(key).block();
		this.livestream.correctGate().block();
		assertThat(gate.get("left").block()).isEqualTo("8");
		assertThat(gate.get(buyer).block()).isEqualTo("2");
	}

	@Test
	void theGateIsRebuiltFromPostgresqlWhenItsStateIsLostOrWrong() {
		SkuView sku = this.fixtures.skuInStock(5800, 20);
		SessionView session = this.fixtures.liveSession(this.fixtures.member(true).id(), sku.id(), 5000, 10, 5);
		UUID item = session.lineup().get(0).id();
		String key = this.redis.settings().key("gate", item.toString());
		var client = this.redis.reactive().block();
		assertThat(client.<String, String>getMap(key, StringCodec.INSTANCE).get("left").block()).isEqualTo("10");

		// lost (Redis restarted empty): the order takes the PostgreSQL path and the gate
		// is reloaded
		client.getKeys().delete(key).block();
		Orders
			.place(this.web, UUID.randomUUID().toString(),
					Orders.body(session.id(), Fixtures.uniquePhone(), sku.code(), 1))
			.expectStatus()
			.isCreated();
		// reloaded at once; an order still in flight may make it count high, never low,
		// until the next rebuild
		await(() -> client.<String, String>getMap(key, StringCodec.INSTANCE).get("left").block() != null);
		assertThat(Long.parseLong(client.<String, String>getMap(key, StringCodec.INSTANCE).get("left").block()))
			.isGreaterThanOrEqualTo(9);
		this.livestream.rebuildGate().block();
		assertThat(client.<String, String>getMap(key, StringCodec.INSTANCE).get("left").block()).isEqualTo("9");

		// for a while after the loss its marks are not trusted: a short gate sends orders
		// to PostgreSQL, which decides (a retry of an order in flight would be refused
		// otherwise)
		String unsure = this.redis.settings().key("gate-unsure", item.toString());
		assertThat(client.getBucket(unsure, StringCodec.INSTANCE).isExists().block()).isTrue();
		client.<String, String>getMap(key, StringCodec.INSTANCE).fastPut("left", "0").block();
		Orders
			.place(this.web, UUID.randomUUID().toString(),
					Orders.body(session.id(), Fixtures.uniquePhone(), sku.code(), 1))
			.expectStatus()
			.isCreated();
		this.livestream.rebuildGate().block();
		assertThat(client.<String, String>getMap(key, StringCodec.INSTANCE).get("left").block()).isEqualTo("8");
		client.getKeys().delete(unsure).block();

		// wrong (say a give-back was lost): the gate refuses early until a rebuild
		// corrects it
		client.<String, String>getMap(key, StringCodec.INSTANCE).fastPut("left", "0").block();
		Orders
			.place(this.web, UUID.randomUUID().toString(),
					Orders.body(session.id(), Fixtures.uniquePhone(), sku.code(), 1))
			.expectStatus()
			.isEqualTo(409);
		this.livestream.rebuildGate().block();
		Orders
			.place(this.web, UUID.randomUUID().toString(),
					Orders.body(session.id(), Fixtures.uniquePhone(), sku.code(), 1))
			.expectStatus()
			.isCreated();
		assertThat(client.<String, String>getMap(key, StringCodec.INSTANCE).get("left").block()).isEqualTo("7");
	}

	@Test
	void whatTheGateTookIsGivenBackWhenPostgresqlRefusesTheOrder() {
		SkuView sku = this.fixtures.skuInStock(5800, 20);
		SessionView session = this.fixtures.liveSession(this.fixtures.member(true).id(), sku.id(), 5000, 2, 5);
		UUID item = session.lineup().get(0).id();
		Orders
			.place(this.web, UUID.randomUUID().toString(),
					Orders.body(session.id(), Fixtures.uniquePhone(), sku.code(), 2))
			.expectStatus()
			.isCreated();
		// the gate believes there are 50 left; PostgreSQL knows there are none
		var client = this.redis.reactive().block();
		var gate = client.<String, String>getMap(this.redis.settings().key("gate", item.toString()),
				StringCodec.INSTANCE);
		gate.fastPut("left", "50").block();
		String phone = Fixtures.uniquePhone();
		String key = UUID.randomUUID().toString();
		Orders.place(this.web, key, Orders.body(session.id(), phone, sku.code(), 1))
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("QUOTA_EXCEEDED");
		assertThat(gate.get("left").block()).isEqualTo("50");
		assertThat(gate.get("b:" + phone).block()).isEqualTo("0");
		assertThat(client.getBucket(this.redis.settings().key("mark", key)).isExists().block()).isFalse();
	}

	@Test
	void twoSweepsAtOnceExpireEachOrderOnce() {
		SkuView sku = this.fixtures.skuInStock(100, 50);
		for (int i = 0; i < 20; i++) {
			Orders
				.place(this.web, UUID.randomUUID().toString(), Orders.body(null, Fixtures.uniquePhone(), sku.code(), 1))
				.expectStatus()
				.isCreated();
		}
		this.clock.advance(Duration.ofMinutes(16));
		var sweeps = reactor.core.publisher.Flux
			.merge(this.sweeper.sweepOnce().subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()),
					this.sweeper.sweepOnce().subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()))
			.collectList()
			.block(Duration.ofSeconds(60));
		assertThat(sweeps).isNotEmpty();
		assertThat(this.fixtures.level(sku.id()))
			.isEqualTo(coop.litang.cooplive.inventory.StockLevelView.of(sku.id(), 50, 0));
		assertThat(this.fixtures.levelFromLedger(sku.id())).isEqualTo(this.fixtures.level(sku.id()));
	}

	@Test
	void ordersAndRefusalsAreCountedByChannelAndOutcome() {
		SkuView sku = this.fixtures.skuInStock(5800, 3);
		Orders.place(this.web, UUID.randomUUID().toString(), Orders.body(null, Fixtures.uniquePhone(), sku.code(), 2))
			.expectStatus()
			.isCreated();
		Orders.place(this.web, UUID.randomUUID().toString(), Orders.body(null, Fixtures.uniquePhone(), sku.code(), 2))
			.expectStatus()
			.isEqualTo(409);
		assertThat(this.meters.get("cooplive.orders")
			.tags("channel", "storefront", "outcome", "accepted")
			.counter()
			.count()).isPositive();
		assertThat(this.meters.get("cooplive.orders")
			.tags("channel", "storefront", "outcome", "sold_out")
			.counter()
			.count()).isPositive();
		assertThat(this.meters.get("cooplive.orders.latency")
			.tags("channel", "storefront", "outcome", "accepted")
			.timer()
			.count()).isPositive();
		assertThat(this.meters.find("cooplive.gate.fallbacks").counter()).isNotNull();
		assertThat(this.meters.find("cooplive.reservations.expired").counter()).isNotNull();
	}

	private static void await(java.util.function.BooleanSupplier condition) {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("condition not met in 5 s").isLessThan(deadline);
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

}
