package coop.litang.cooplive.ordering;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import coop.litang.cooplive.buyers.BuyerTokens;
import coop.litang.cooplive.catalog.SkuView;
import coop.litang.cooplive.identity.Role;
import coop.litang.cooplive.livestream.LineupItemDetails;
import coop.litang.cooplive.livestream.SessionView;
import coop.litang.cooplive.payments.CardPaymentView;
import coop.litang.cooplive.testing.Fixtures;
import coop.litang.cooplive.testing.IntegrationTest;
import coop.litang.cooplive.testing.MutableClock;
import coop.litang.cooplive.testing.Orders;
import coop.litang.cooplive.testing.Race;
import coop.litang.cooplive.testing.StripeFake;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A drop that one script cannot empty: verified buyers, hold caps, an item's own hold,
 * pay-to-claim (first paid, first served), and who may record a payment or set a low
 * price. Real concurrency against the real servers; the assertions read PostgreSQL.
 */
@IntegrationTest
@TestPropertySource(properties = { "cooplive.test.context=fair-drops", "cooplive.stripe.secret-key=sk_test_cooplive",
		"cooplive.stripe.webhook-secret=" + FairDropsIntegrationTests.SECRET, "cooplive.stripe.max-network-retries=0",
		"cooplive.stripe.reconcile-interval=1h" })
class FairDropsIntegrationTests {

	static final String SECRET = "whsec_test_fair_drops";

	static final StripeFake STRIPE = StripeFake.shared();

	@DynamicPropertySource
	static void stripe(DynamicPropertyRegistry registry) {
		registry.add("cooplive.stripe.api-base", STRIPE::baseUrl);
	}

	@Autowired
	WebTestClient web;

	@Autowired
	Fixtures fixtures;

	@Autowired
	DatabaseClient db;

	@Autowired
	MutableClock clock;

	@LocalServerPort
	int port;

	@Test
	void fiftyMadeUpNumbersFromOneScriptHoldNothingOfAnItemForVerifiedBuyers() {
		SkuView sku = this.fixtures.skuInStock(5800, 1000);
		SessionView session = this.fixtures.liveSession(this.fixtures.member(true).id(), sku.id(), 5000, 300, 3);
		List<Race.Attempt> attempts = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			// what a script sends: a made-up number and no buyer token
			Map<String, Object> body = Orders.body(session.id(), Fixtures.uniquePhone(), sku.code(), 3);
			attempts.add(new Race.Attempt(this.port, UUID.randomUUID().toString(), body, false));
		}
		List<Race.Outcome> outcomes = Race.run(attempts);

		assertThat(outcomes).allSatisfy((outcome) -> {
			assertThat(outcome.status()).isEqualTo(403);
			assertThat(outcome.body()).contains("\"code\":\"BUYER_NOT_VERIFIED\"").contains("X-Buyer-Token");
		});
		assertThat(count("SELECT count(*) FROM orders WHERE session_id = :id", session.id())).isZero();
		assertThat(count("SELECT sold FROM lineup_item WHERE session_id = :id", session.id())).isZero();
		assertThat(count("SELECT count(*) FROM buyer_claim c JOIN lineup_item i ON i.id = c.lineup_item_id "
				+ "WHERE i.session_id = :id AND c.units > 0", session.id()))
			.isZero();
	}

	@Test
	void aRetryWhoseTokenRanOutStillGetsItsOrder() {
		SkuView sku = this.fixtures.skuInStock(5800, 100);
		SessionView session = this.fixtures.liveSession(this.fixtures.member(true).id(), sku.id(), 5000, 10, 2);
		Map<String, Object> body = Orders.body(session.id(), Fixtures.uniquePhone(), sku.code(), 1);
		String key = UUID.randomUUID().toString();
		OrderView placed = Orders.place(this.web, key, body)
			.expectStatus()
			.isCreated()
			.expectBody(OrderView.class)
			.returnResult()
			.getResponseBody();
		// the same request again, its token gone
		OrderView again = this.web.post()
			.uri("/api/v1/storefront/orders")
			.header("Idempotency-Key", key)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(OrderView.class)
			.returnResult()
			.getResponseBody();
		assertThat(again.id()).isEqualTo(placed.id());
		assertThat(count("SELECT count(*) FROM orders WHERE session_id = :id", session.id())).isEqualTo(1);
	}

	@Test
	void aBuyerFiringTenOrdersAtOnceHoldsNoMoreThanTheUnpaidOrdersAllowed() {
		// general stock, where no verification is asked and no line-up limit applies
		SkuView sku = this.fixtures.skuInStock(5800, 1000);
		String phone = Fixtures.uniquePhone();
		List<Race.Attempt> attempts = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			attempts.add(new Race.Attempt(this.port, UUID.randomUUID().toString(),
					Orders.body(null, (i % 2 == 0) ? phone : "+86 " + phone, sku.code(), 5)));
		}
		List<Race.Outcome> outcomes = Race.run(attempts);

		assertThat(outcomes.stream().filter(Race.Outcome::accepted)).hasSize(3);
		assertThat(outcomes.stream().filter((o) -> o.refusedWith("TOO_MANY_UNPAID_ORDERS"))).hasSize(7);
		assertThat(
				count("SELECT count(*) FROM orders WHERE buyer_phone = :phone AND status = 'PENDING_PAYMENT'", phone))
			.isEqualTo(3);
		assertThat(count("SELECT unpaid_orders::bigint FROM buyer_hold WHERE buyer_phone = :phone", phone))
			.isEqualTo(3);
		assertThat(this.fixtures.level(sku.id()).reserved()).isEqualTo(15);

		// one cancelled, the buyer may order again, once
		OrderView order = readOrder(outcomes.stream().filter(Race.Outcome::accepted).findFirst().orElseThrow());
		this.web.post()
			.uri("/api/v1/storefront/orders/{id}/cancel", order.id())
			.header("X-Order-Token", order.accessToken())
			.exchange()
			.expectStatus()
			.isOk();
		assertThat(count("SELECT unpaid_orders::bigint FROM buyer_hold WHERE buyer_phone = :phone", phone))
			.isEqualTo(2);
		Orders.accepted(this.web, Orders.body(null, phone, sku.code(), 1));
		Orders.place(this.web, UUID.randomUUID().toString(), Orders.body(null, phone, sku.code(), 1))
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("TOO_MANY_UNPAID_ORDERS")
			.jsonPath("$.field")
			.isEqualTo("buyer.phone");
	}

	@Test
	void linesAndOrdersAreCappedByUnitsOfEachKind() {
		SkuView a = this.fixtures.skuInStock(5800, 100_000);
		SkuView b = this.fixtures.skuInStock(5800, 100_000);
		SkuView c = this.fixtures.skuInStock(5800, 100_000);
		// twenty lines of ten thousand pieces: the first line is named
		List<Object> lines = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			lines.add(a.code());
			lines.add(10_000);
		}
		Orders.place(this.web, UUID.randomUUID().toString(), Orders.body(null, Fixtures.uniquePhone(), lines.toArray()))
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("lines[0].quantity")
			.jsonPath("$.errors[0].message")
			.isEqualTo("at most 100 pieces of one SKU in an order");
		// three lines within the line cap, over the order's
		Orders
			.place(this.web, UUID.randomUUID().toString(),
					Orders.body(null, Fixtures.uniquePhone(), a.code(), 90, b.code(), 90, c.code(), 90))
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("lines")
			.jsonPath("$.errors[0].message")
			.isEqualTo("at most 200 pieces in one order, all lines together");
		assertThat(this.fixtures.level(a.id()).reserved()).isZero();
		Orders.accepted(this.web, Orders.body(null, Fixtures.uniquePhone(), a.code(), 100, b.code(), 100));
	}

	@Test
	void aLiveItemsOrdersHoldForTheItemsOwnTime() {
		SkuView sku = this.fixtures.skuInStock(5800, 100);
		UUID host = this.fixtures.member(true).id();
		SessionView fiveMinutes = this.fixtures.liveSession(host, sku.id(), 5000, 10, 2);
		OrderView order = Orders.accepted(this.web,
				Orders.body(fiveMinutes.id(), Fixtures.uniquePhone(), sku.code(), 1));
		assertThat(Duration.between(order.createdAt(), order.expiresAt())).isEqualTo(Duration.ofMinutes(5));
		this.fixtures.endSession(fiveMinutes.id());

		SessionView twoMinutes = this.fixtures.liveSession(host,
				new LineupItemDetails(sku.id(), 5000L, 10L, 2L, null, null, 2));
		assertThat(twoMinutes.lineup().get(0).holdMinutes()).isEqualTo(2);
		OrderView short_ = Orders.accepted(this.web,
				Orders.body(twoMinutes.id(), Fixtures.uniquePhone(), sku.code(), 1));
		assertThat(Duration.between(short_.createdAt(), short_.expiresAt())).isEqualTo(Duration.ofMinutes(2));
		// general stock keeps the store's hold
		OrderView general = Orders.accepted(this.web, Orders.body(null, Fixtures.uniquePhone(), sku.code(), 1));
		assertThat(Duration.between(general.createdAt(), general.expiresAt())).isEqualTo(Duration.ofMinutes(15));
	}

	@Test
	void aHostRecordsOnlyOfflinePaymentsAndWhoRecordedOneIsInTheOrderAndTheAuditLog() {
		SkuView sku = this.fixtures.skuInStock(5800, 100);
		UUID hostMember = this.fixtures.member(true).id();
		String host = this.fixtures.token(Role.HOST, hostMember);
		SessionView session = this.fixtures.liveSession(hostMember, sku.id(), 5000, 10, 5);
		// a buyer's card order in the host's session
		OrderView card = Orders.accepted(this.web, Orders.body(session.id(), Fixtures.uniquePhone(), sku.code(), 1));
		markPaid(card.id(), host).expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("PAID_BY_CARD");
		assertThat(status(card.id())).isEqualTo("PENDING_PAYMENT");

		// an order the host took by phone, paid by transfer
		OrderView phoned = this.web.post()
			.uri("/api/v1/host/sessions/{id}/orders", session.id())
			.header("Authorization", "Bearer " + host)
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("buyer", Map.of("name", "电话买家", "phone", Fixtures.uniquePhone(), "address", "理塘"),
					"lines", List.of(Map.of("sku", sku.code(), "quantity", 1)), "paymentMethod", "OFFLINE"))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(OrderView.class)
			.returnResult()
			.getResponseBody();
		OrderView paid = markPaid(phoned.id(), host).expectStatus()
			.isOk()
			.expectBody(OrderView.class)
			.returnResult()
			.getResponseBody();
		String hostName = this.db.sql("SELECT username FROM app_user WHERE member_id = :id")
			.bind("id", hostMember)
			.map((row) -> row.get(0, String.class))
			.one()
			.block();
		assertThat(paid.paidBy()).isEqualTo(hostName);
		assertThat(this.db.sql("SELECT paid_by FROM orders WHERE id = :id")
			.bind("id", phoned.id())
			.map((row) -> row.get(0, String.class))
			.one()
			.block()).isEqualTo(hostName);
		assertThat(this.db
			.sql("SELECT count(*) FROM audit_log WHERE actor = :actor AND action = 'order.mark-paid' "
					+ "AND subject = :subject AND before->>'status' = 'PENDING_PAYMENT' AND after->>'status' = 'PAID'")
			.bind("actor", hostName)
			.bind("subject", "order:" + phoned.id())
			.map((row) -> row.get(0, Long.class))
			.one()
			.block()).isEqualTo(1);

		// the buyer reads the order without the staff member's sign-in name
		this.web.get()
			.uri("/api/v1/storefront/orders/{id}", phoned.id())
			.header("X-Order-Token", phoned.accessToken())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("PAID")
			.jsonPath("$.paidBy")
			.doesNotExist();

		// an admin may say a card order was paid another way
		markPaid(card.id(), this.fixtures.token(Role.ADMIN)).expectStatus().isOk();
		assertThat(status(card.id())).isEqualTo("PAID");
	}

	@Test
	void aSessionPriceFarBelowTheListPriceNeedsAnAdmin() {
		SkuView sku = this.fixtures.skuInStock(5800, 100);
		UUID hostMember = this.fixtures.member(true).id();
		String host = this.fixtures.token(Role.HOST, hostMember);
		SessionView session = this.fixtures.scheduledSession(hostMember, this.fixtures.skuInStock(100, 10).id(), 90, 5,
				1);
		// 50% of 5,800 fen is the lowest a host may set
		lineup(session.id(), host, sku.id(), 2899).expectStatus()
			.isForbidden()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("PRICE_NEEDS_ADMIN")
			.jsonPath("$.field")
			.isEqualTo("sessionPriceFen");
		assertThat(count("SELECT count(*) FROM lineup_item WHERE session_id = :id", session.id())).isEqualTo(1);
		lineup(session.id(), this.fixtures.token(Role.ADMIN), sku.id(), 2899).expectStatus().isCreated();
		SkuView other = this.fixtures.skuInStock(5800, 100);
		lineup(session.id(), host, other.id(), 2900).expectStatus().isCreated();
	}

	// a webhook delivery, and again a second later while it is answered 503
	private Mono<Integer> deliver(WebClient client, String event, int retries) {
		return client.post()
			.uri("/api/v1/payments/stripe/webhook")
			.header("Stripe-Signature", StripeFake.sign(event, SECRET, this.clock.instant()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(event)
			.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()))
			.flatMap((status) -> (status == 503 && retries < 5)
					? deliver(client, event, retries + 1).delaySubscription(Duration.ofSeconds(1)) : Mono.just(status));
	}

	@Test
	void twoHundredFiftyBuyersPayForFiftyUnitsFirstPaidFirstServedAndTheRestAreRefunded() {
		SkuView sku = this.fixtures.skuInStock(5800, 1000);
		SessionView session = this.fixtures.liveSession(this.fixtures.member(true).id(),
				new LineupItemDetails(sku.id(), 5000L, 50L, 1L, null, true, 10));
		assertThat(session.lineup().get(0).payToClaim()).isTrue();
		// 250 buyers order at once: nothing is held, so every one is placed
		List<Race.Attempt> attempts = new ArrayList<>();
		for (int i = 0; i < 250; i++) {
			attempts.add(new Race.Attempt(this.port, UUID.randomUUID().toString(),
					Orders.body(session.id(), Fixtures.uniquePhone(), sku.code(), 1)));
		}
		List<Race.Outcome> placed = Race.run(attempts);
		assertThat(placed).allMatch(Race.Outcome::accepted);
		assertThat(count("SELECT sold FROM lineup_item WHERE session_id = :id", session.id())).isZero();
		List<OrderView> orders = placed.stream().map(this::readOrder).toList();
		assertThat(orders).allSatisfy((order) -> assertThat(order.payToClaim()).isTrue());

		// they all pay, and Stripe tells us at once, over connections of its own (an
		// answer not come within a minute fails the test: every request is answered)
		ConnectionProvider connections = ConnectionProvider.builder("stripe-deliveries")
			.maxConnections(orders.size())
			.pendingAcquireMaxCount(-1)
			.build();
		WebClient client = WebClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port)
			.clientConnector(new ReactorClientHttpConnector(
					HttpClient.create(connections).responseTimeout(Duration.ofMinutes(1))))
			.build();
		List<String> events = Flux.fromIterable(orders)
			.flatMap((order) -> client.post()
				.uri("/api/v1/storefront/orders/{id}/payment", order.id())
				.header("X-Order-Token", order.accessToken())
				.retrieve()
				.bodyToMono(CardPaymentView.class), 16)
			.map((payment) -> StripeFake.event("payment_intent.succeeded",
					STRIPE.succeed(payment.paymentIntentId(), null)))
			.collectList()
			.block(Duration.ofMinutes(3));
		assertThat(events).hasSize(250);
		// (an event answered 503, not in time, is delivered again, as Stripe does)
		List<Integer> answers = Flux.fromIterable(events)
			.flatMap((event) -> deliver(client, event, 0), events.size())
			.collectList()
			.doFinally((signal) -> connections.dispose())
			.block(Duration.ofMinutes(3));
		assertThat(answers).hasSize(250).allSatisfy((status) -> assertThat(status).isEqualTo(200));

		UUID item = session.lineup().get(0).id();
		assertThat(count("SELECT sold FROM lineup_item WHERE id = :id", item)).isEqualTo(50);
		assertThat(count("SELECT count(*) FROM orders WHERE session_id = :id AND status = 'PAID'", session.id()))
			.isEqualTo(50);
		assertThat(count("SELECT count(*) FROM orders WHERE session_id = :id AND status = 'CANCELLED' "
				+ "AND close_reason = 'SOLD_OUT_BEFORE_PAYMENT'", session.id()))
			.isEqualTo(200);
		assertThat(count(
				"SELECT count(DISTINCT r.order_id) FROM refund r JOIN orders o ON o.id = r.order_id "
						+ "WHERE o.session_id = :id AND o.status = 'CANCELLED' AND r.amount_fen = o.total_fen",
				session.id()))
			.as("every payment that came too late is refunded in full")
			.isEqualTo(200);
		assertThat(count("SELECT count(*) FROM refund r JOIN orders o ON o.id = r.order_id "
				+ "WHERE o.session_id = :id AND o.status = 'PAID'", session.id()))
			.isZero();
		assertThat(count("SELECT coalesce(sum(units), 0)::bigint FROM buyer_claim WHERE lineup_item_id = :id", item))
			.isEqualTo(50);
		assertThat(this.fixtures.levelFromLedger(sku.id())).isEqualTo(this.fixtures.level(sku.id()));
		// a buyer too late reads why in the order
		OrderView late = orders.stream()
			.filter((order) -> "CANCELLED".equals(status(order.id())))
			.findFirst()
			.orElseThrow();
		this.web.get()
			.uri("/api/v1/storefront/orders/{id}", late.id())
			.header("X-Order-Token", late.accessToken())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("CANCELLED")
			.jsonPath("$.closeReason")
			.isEqualTo("SOLD_OUT_BEFORE_PAYMENT");
		assertThat(count("SELECT coalesce(sum(unpaid_orders), 0)::bigint FROM buyer_hold h JOIN orders o "
				+ "ON o.buyer_phone = h.buyer_phone WHERE o.session_id = :id", session.id()))
			.as("no order of the drop counts as unpaid any more")
			.isZero();
	}

	@Test
	void aPayToClaimItemIsForVerifiedBuyersFindsRetriesAndRefusesOrdersOnceSoldOut() {
		SkuView sku = this.fixtures.skuInStock(5800, 10);
		SessionView session = this.fixtures.liveSession(this.fixtures.member(true).id(),
				new LineupItemDetails(sku.id(), 5000L, 1L, 1L, null, true, null));
		String phone = Fixtures.uniquePhone();
		Map<String, Object> body = Orders.body(session.id(), phone, sku.code(), 1);
		this.web.post()
			.uri("/api/v1/storefront/orders")
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isForbidden();
		OrderView first = Orders.accepted(this.web, body);
		// a retry with the key finds it, though it passed no gate
		String key = UUID.randomUUID().toString();
		Map<String, Object> other = Orders.body(session.id(), Fixtures.uniquePhone(), sku.code(), 1);
		Orders.place(this.web, key, other).expectStatus().isCreated();
		Orders.place(this.web, key, other).expectStatus().isOk();
		assertThat(first.payToClaim()).isTrue();
		// once its quota is paid for, new orders are refused at once
		this.db.sql("UPDATE lineup_item SET sold = quota WHERE session_id = :id")
			.bind("id", session.id())
			.then()
			.block();
		Orders
			.place(this.web, UUID.randomUUID().toString(),
					Orders.body(session.id(), Fixtures.uniquePhone(), sku.code(), 1))
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("QUOTA_EXCEEDED");
	}

	// helpers

	private WebTestClient.ResponseSpec markPaid(UUID orderId, String token) {
		return this.web.post()
			.uri("/api/v1/host/orders/{id}/mark-paid", orderId)
			.header("Authorization", "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("reference", "transfer 88"))
			.exchange();
	}

	private WebTestClient.ResponseSpec lineup(UUID sessionId, String token, UUID skuId, long priceFen) {
		return this.web.post()
			.uri("/api/v1/host/sessions/{id}/lineup", sessionId)
			.header("Authorization", "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("skuId", skuId, "sessionPriceFen", priceFen, "quota", 5, "perBuyerLimit", 1))
			.exchange();
	}

	private OrderView readOrder(Race.Outcome outcome) {
		return tools.jackson.databind.json.JsonMapper.builder().build().readValue(outcome.body(), OrderView.class);
	}

	private String status(UUID orderId) {
		return this.db.sql("SELECT status FROM orders WHERE id = :id")
			.bind("id", orderId)
			.map((row) -> row.get(0, String.class))
			.one()
			.block();
	}

	private long count(String sql, Object parameter) {
		String name = sql.contains(":phone") ? "phone" : "id";
		return this.db.sql(sql).bind(name, parameter).map((row) -> row.get(0, Long.class)).one().block();
	}

}
