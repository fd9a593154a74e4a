package coop.litang.cooplive.payments;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import coop.litang.cooplive.catalog.SkuView;
import coop.litang.cooplive.identity.Role;
import coop.litang.cooplive.inventory.StockLevelView;
import coop.litang.cooplive.livestream.SessionView;
import coop.litang.cooplive.members.MemberView;
import coop.litang.cooplive.ordering.OrderManagement;
import coop.litang.cooplive.ordering.OrderStatus;
import coop.litang.cooplive.ordering.OrderView;
import coop.litang.cooplive.ordering.PaymentMethod;
import coop.litang.cooplive.testing.Api;
import coop.litang.cooplive.testing.Fixtures;
import coop.litang.cooplive.testing.IntegrationTest;
import coop.litang.cooplive.testing.MutableClock;
import coop.litang.cooplive.testing.Orders;
import coop.litang.cooplive.testing.StripeFake;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Card payments end to end: the real stripe-java client against a local fake that answers
 * like Stripe, and webhooks signed with the test secret exactly as Stripe signs them.
 */
@IntegrationTest
@TestPropertySource(properties = { "cooplive.test.context=payments", "cooplive.stripe.secret-key=sk_test_cooplive",
		"cooplive.stripe.webhook-secret=" + PaymentsIntegrationTests.SECRET, "cooplive.stripe.max-network-retries=0",
		"cooplive.stripe.read-timeout=1s", "cooplive.stripe.call-timeout=3s", "cooplive.stripe.reconcile-interval=1h" })
class PaymentsIntegrationTests {

	static final String SECRET = "whsec_test_cooplive";

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

	@Autowired
	OrderManagement orders;

	@Autowired
	PaymentReconciler reconciler;

	@Autowired
	MeterRegistry meters;

	@LocalServerPort
	int port;

	@AfterEach
	void healStripe() {
		STRIPE.heal();
		STRIPE.refundsEnd("succeeded");
	}

	// helpers

	private OrderView place(SkuView sku, long quantity) {
		return Orders
			.place(this.web, UUID.randomUUID().toString(),
					Orders.body(null, Fixtures.uniquePhone(), sku.code(), quantity))
			.expectStatus()
			.isCreated()
			.expectBody(OrderView.class)
			.returnResult()
			.getResponseBody();
	}

	private WebTestClient.ResponseSpec startPayment(OrderView order) {
		return this.web.post()
			.uri("/api/v1/storefront/orders/{id}/payment", order.id())
			.header("X-Order-Token", order.accessToken())
			.exchange();
	}

	private CardPaymentView pay(OrderView order) {
		return startPayment(order).expectStatus()
			.isOk()
			.expectBody(CardPaymentView.class)
			.returnResult()
			.getResponseBody();
	}

	private WebTestClient.ResponseSpec deliver(String payload) {
		return deliver(payload, StripeFake.sign(payload, SECRET, this.clock.instant()));
	}

	private WebTestClient.ResponseSpec deliver(String payload, String signature) {
		var spec = this.web.post().uri("/api/v1/payments/stripe/webhook").contentType(MediaType.APPLICATION_JSON);
		if (signature != null) {
			spec = spec.header("Stripe-Signature", signature);
		}
		return spec.bodyValue(payload).exchange();
	}

	private String outcomeOf(String payload) {
		return deliver(payload).expectStatus()
			.isOk()
			.expectBody(PaymentManagement.WebhookAnswer.class)
			.returnResult()
			.getResponseBody()
			.outcome();
	}

	private OrderView order(UUID id) {
		return this.orders.order(id).block(Duration.ofSeconds(10));
	}

	// an order paid by card through a PaymentIntent and its webhook
	private record Paid(OrderView order, String intentId) {
	}

	private Paid paidOrder(SkuView sku, long quantity) {
		OrderView order = place(sku, quantity);
		CardPaymentView payment = pay(order);
		assertThat(outcomeOf(
				StripeFake.event("payment_intent.succeeded", STRIPE.succeed(payment.paymentIntentId(), null))))
			.isEqualTo("applied");
		return new Paid(order(order.id()), payment.paymentIntentId());
	}

	private long movements(UUID orderId, String kind) {
		return this.db.sql("SELECT count(*) FROM stock_movement WHERE reference = :ref AND kind = :kind")
			.bind("ref", "order:" + orderId)
			.bind("kind", kind)
			.map((row) -> row.get(0, Long.class))
			.one()
			.block(Duration.ofSeconds(10));
	}

	private double counter(String name, String... tags) {
		var counter = this.meters.find(name).tags(tags).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private WebTestClient.ResponseSpec refund(String token, UUID orderId, String key, Map<String, Object> body) {
		var spec = this.web.post()
			.uri("/api/v1/admin/orders/{id}/refunds", orderId)
			.headers((h) -> h.setBearerAuth(token))
			.contentType(MediaType.APPLICATION_JSON);
		if (key != null) {
			spec = spec.header("Idempotency-Key", key);
		}
		return spec.bodyValue(body).exchange();
	}

	// paying by card

	@Test
	void aPaidPaymentIntentMakesTheOrderPaidOnceAndSellsItsStock() {
		SkuView sku = this.fixtures.skuInStock(5800, 10);
		OrderView order = place(sku, 2);

		CardPaymentView payment = pay(order);
		assertThat(payment.amountFen()).isEqualTo(11600);
		assertThat(payment.currency()).isEqualTo("cny");
		assertThat(payment.clientSecret()).startsWith(payment.paymentIntentId() + "_secret_");
		assertThat(payment.paymentMethodTypes()).containsExactly("card", "alipay", "wechat_pay");
		Map<String, Object> atStripe = STRIPE.intent(payment.paymentIntentId());
		assertThat(atStripe).containsEntry("amount", 11600L)
			.containsEntry("currency", "cny")
			.containsEntry("metadata", Map.of("order_id", order.id().toString()));
		assertThat(atStripe.get("payment_method_types")).isEqualTo(List.of("card", "alipay", "wechat_pay"));
		// asking again gives the same PaymentIntent
		assertThat(pay(order).paymentIntentId()).isEqualTo(payment.paymentIntentId());

		String event = StripeFake.event("payment_intent.succeeded", STRIPE.succeed(payment.paymentIntentId(), null));
		assertThat(outcomeOf(event)).isEqualTo("applied");

		OrderView paid = order(order.id());
		assertThat(paid.status()).isEqualTo(OrderStatus.PAID);
		assertThat(paid.paymentReference()).isEqualTo(payment.paymentIntentId());
		assertThat(paid.paidAt()).isNotNull();
		assertThat(movements(order.id(), "SALE")).isEqualTo(1);
		assertThat(this.fixtures.level(sku.id())).isEqualTo(StockLevelView.of(sku.id(), 8, 0));
		// paid: no more card payments for it
		startPayment(order).expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("ORDER_NOT_PAYABLE");
	}

	@Test
	void aPaymentNeedsTheOrdersAccessToken() {
		OrderView order = place(this.fixtures.skuInStock(1000, 5), 1);
		int before = STRIPE.calls("POST /v1/payment_intents");
		this.web.post()
			.uri("/api/v1/storefront/orders/{id}/payment", order.id())
			.header("X-Order-Token", "not-the-token")
			.exchange()
			.expectStatus()
			.isNotFound();
		this.web.post()
			.uri("/api/v1/storefront/orders/{id}/payment", order.id())
			.exchange()
			.expectStatus()
			.isNotFound();
		assertThat(STRIPE.calls("POST /v1/payment_intents")).isEqualTo(before);
	}

	@Test
	void aCancelledOrderCannotBePaid() {
		OrderView order = place(this.fixtures.skuInStock(1000, 5), 1);
		this.orders.cancel(order.id(), "test").block(Duration.ofSeconds(10));
		startPayment(order).expectStatus()
			.isEqualTo(409)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("ORDER_NOT_PAYABLE");
	}

	// webhooks delivered more than once, at once, or out of order

	@Test
	void anEventDeliveredTwiceIsAppliedOnce() {
		SkuView sku = this.fixtures.skuInStock(2000, 10);
		OrderView order = place(sku, 1);
		CardPaymentView payment = pay(order);
		String event = StripeFake.event("payment_intent.succeeded", STRIPE.succeed(payment.paymentIntentId(), null));

		assertThat(outcomeOf(event)).isEqualTo("applied");
		assertThat(outcomeOf(event)).isEqualTo("duplicate");
		// the same payment in another event (a redelivery under a new id) is not applied
		// again either
		assertThat(outcomeOf(StripeFake.event("payment_intent.succeeded", STRIPE.intent(payment.paymentIntentId()))))
			.isEqualTo("duplicate");

		assertThat(order(order.id()).status()).isEqualTo(OrderStatus.PAID);
		assertThat(movements(order.id(), "SALE")).isEqualTo(1);
		assertThat(this.fixtures.level(sku.id())).isEqualTo(StockLevelView.of(sku.id(), 9, 0));
	}

	@Test
	void concurrentDeliveriesOfOneEventApplyItOnce() throws Exception {
		SkuView sku = this.fixtures.skuInStock(2000, 10);
		OrderView order = place(sku, 3);
		CardPaymentView payment = pay(order);
		String event = StripeFake.event("payment_intent.succeeded", STRIPE.succeed(payment.paymentIntentId(), null));
		String signature = StripeFake.sign(event, SECRET, this.clock.instant());

		List<String> answers = race(12, () -> post(event, signature));

		assertThat(answers).hasSize(12).allSatisfy((answer) -> assertThat(answer).startsWith("200 "));
		assertThat(answers.stream().filter((a) -> a.contains("\"outcome\":\"applied\""))).hasSize(1);
		assertThat(answers.stream().filter((a) -> a.contains("\"outcome\":\"duplicate\""))).hasSize(11);
		assertThat(order(order.id()).status()).isEqualTo(OrderStatus.PAID);
		assertThat(movements(order.id(), "SALE")).isEqualTo(1);
		assertThat(this.fixtures.level(sku.id())).isEqualTo(StockLevelView.of(sku.id(), 7, 0));
		assertThat(this.fixtures.levelFromLedger(sku.id())).isEqualTo(this.fixtures.level(sku.id()));
	}

	private String post(String payload, String signature) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/v1/payments/stripe/webhook"))
				.header("Content-Type", "application/json")
				.header("Stripe-Signature", signature)
				.POST(HttpRequest.BodyPublishers.ofString(payload))
				.build(), HttpResponse.BodyHandlers.ofString());
		return response.statusCode() + " " + response.body();
	}

	private static <T> List<T> race(int parallel, Callable<T> task) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(parallel);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<T>> futures = new ArrayList<>();
			for (int i = 0; i < parallel; i++) {
				futures.add(pool.submit(() -> {
					start.await();
					return task.call();
				}));
			}
			start.countDown();
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get());
			}
			return results;
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void eventsOutOfOrderLeaveTheRightState() {
		SkuView sku = this.fixtures.skuInStock(3000, 10);
		OrderView order = place(sku, 1);
		CardPaymentView payment = pay(order);
		String failed = StripeFake.event("payment_intent.payment_failed", STRIPE.fail(payment.paymentIntentId()));
		String succeeded = StripeFake.event("payment_intent.succeeded",
				STRIPE.succeed(payment.paymentIntentId(), null));

		// the success arrives before the earlier failure
		assertThat(outcomeOf(succeeded)).isEqualTo("applied");
		assertThat(outcomeOf(failed)).isEqualTo("ignored");
		assertThat(order(order.id()).status()).isEqualTo(OrderStatus.PAID);

		// a failure on an unpaid order leaves it payable
		OrderView other = place(sku, 1);
		CardPaymentView otherPayment = pay(other);
		assertThat(outcomeOf(
				StripeFake.event("payment_intent.payment_failed", STRIPE.fail(otherPayment.paymentIntentId()))))
			.isEqualTo("applied");
		assertThat(order(other.id()).status()).isEqualTo(OrderStatus.PENDING_PAYMENT);
		assertThat(pay(other).paymentIntentId()).isEqualTo(otherPayment.paymentIntentId());
	}

	@Test
	void aRefundEventOvertakingThePaymentPaysTheOrderFirst() {
		SkuView sku = this.fixtures.skuInStock(4000, 10);
		OrderView order = place(sku, 2);
		CardPaymentView payment = pay(order);
		STRIPE.succeed(payment.paymentIntentId(), null);
		String succeeded = StripeFake.event("payment_intent.succeeded", STRIPE.intent(payment.paymentIntentId()));
		// refunded in Stripe's dashboard: 2,500 fen of 8,000
		Map<String, Object> charge = new java.util.LinkedHashMap<>(STRIPE.charge(payment.paymentIntentId()));
		charge.put("amount_refunded", 2500L);

		assertThat(outcomeOf(StripeFake.event("charge.refunded", charge))).isEqualTo("applied");
		OrderView afterRefund = order(order.id());
		assertThat(afterRefund.status()).isEqualTo(OrderStatus.PAID);
		assertThat(afterRefund.refundedFen()).isEqualTo(2500);
		assertThat(outcomeOf(succeeded)).isEqualTo("duplicate");
		assertThat(movements(order.id(), "SALE")).isEqualTo(1);
		this.web.get()
			.uri("/api/v1/admin/orders/{id}/refunds", order.id())
			.headers((h) -> h.setBearerAuth(this.fixtures.token(Role.ADMIN)))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.items[0].trigger")
			.isEqualTo("EXTERNAL")
			.jsonPath("$.items[0].amountFen")
			.isEqualTo(2500);
	}

	// signatures

	@Test
	void aBadMissingOrStaleSignatureIsRefusedAndChangesNothing() {
		OrderView order = place(this.fixtures.skuInStock(1500, 5), 1);
		CardPaymentView payment = pay(order);
		String event = StripeFake.event("payment_intent.succeeded", STRIPE.succeed(payment.paymentIntentId(), null));
		double mismatches = counter("cooplive.webhook.signature.failures", "reason", "mismatch");
		double stale = counter("cooplive.webhook.signature.failures", "reason", "stale");

		deliver(event, StripeFake.sign(event, "whsec_someone_else", this.clock.instant())).expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("Stripe-Signature");
		// the body changed after signing
		deliver(event.replace("\"amount\":1500", "\"amount\":1"), StripeFake.sign(event, SECRET, this.clock.instant()))
			.expectStatus()
			.isBadRequest();
		deliver(event, null).expectStatus().isBadRequest();
		deliver(event, "garbage").expectStatus().isBadRequest();
		deliver(event, StripeFake.sign(event, SECRET, this.clock.instant().minus(Duration.ofMinutes(6)))).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].message")
			.value((message) -> assertThat(message.toString()).contains("tolerance"));

		assertThat(order(order.id()).status()).isEqualTo(OrderStatus.PENDING_PAYMENT);
		assertThat(counter("cooplive.webhook.signature.failures", "reason", "mismatch")).isEqualTo(mismatches + 2);
		assertThat(counter("cooplive.webhook.signature.failures", "reason", "stale")).isEqualTo(stale + 1);
		// the genuine delivery still works afterwards
		assertThat(outcomeOf(event)).isEqualTo("applied");
	}

	@Test
	void anEventOfAnotherApiVersionIsAnsweredClearlyAndChangesNothing() {
		OrderView order = place(this.fixtures.skuInStock(1500, 5), 1);
		CardPaymentView payment = pay(order);
		String event = StripeFake.event("evt_" + UUID.randomUUID().toString().replace("-", ""),
				"payment_intent.succeeded", STRIPE.succeed(payment.paymentIntentId(), null), "2020-08-27");

		deliver(event).expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("STRIPE_API_VERSION_MISMATCH")
			.jsonPath("$.detail")
			.value((detail) -> assertThat(detail.toString()).contains(StripeFake.API_VERSION));
		assertThat(order(order.id()).status()).isEqualTo(OrderStatus.PENDING_PAYMENT);
	}

	// money that does not fit

	@Test
	void aPaymentOfAnotherAmountIsFlaggedAndNeverMarksTheOrderPaid() {
		OrderView order = place(this.fixtures.skuInStock(9900, 5), 1);
		CardPaymentView payment = pay(order);
		double before = counter("cooplive.payment.mismatches");

		assertThat(outcomeOf(
				StripeFake.event("payment_intent.succeeded", STRIPE.succeed(payment.paymentIntentId(), 100L))))
			.isEqualTo("flagged");

		assertThat(order(order.id()).status()).isEqualTo(OrderStatus.PENDING_PAYMENT);
		assertThat(counter("cooplive.payment.mismatches")).isEqualTo(before + 1);
		String admin = this.fixtures.token(Role.ADMIN);
		String flagId = Api.call(this.web, "GET", admin, "/api/v1/admin/payments/flags?size=100", null)
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(flagId).contains(payment.paymentIntentId()).contains("AMOUNT_MISMATCH");
	}

	@Test
	void aPaymentAfterTheHoldExpiredRevivesTheOrderWhileStockIsThere() {
		SkuView sku = this.fixtures.skuInStock(2000, 5);
		OrderView order = place(sku, 2);
		CardPaymentView payment = pay(order);
		this.clock.advance(Duration.ofMinutes(16));
		assertThat(this.orders.expire(order.id()).block(Duration.ofSeconds(10))).isTrue();
		assertThat(this.fixtures.level(sku.id())).isEqualTo(StockLevelView.of(sku.id(), 5, 0));

		assertThat(outcomeOf(
				StripeFake.event("payment_intent.succeeded", STRIPE.succeed(payment.paymentIntentId(), null))))
			.isEqualTo("applied");

		assertThat(order(order.id()).status()).isEqualTo(OrderStatus.PAID);
		assertThat(this.fixtures.level(sku.id())).isEqualTo(StockLevelView.of(sku.id(), 3, 0));
		assertThat(this.fixtures.levelFromLedger(sku.id())).isEqualTo(this.fixtures.level(sku.id()));
		assertThat(STRIPE.refundsOf(payment.paymentIntentId())).isEmpty();
	}

	@Test
	void aLiveItemsOrderPaidAfterExpiryTakesItsUnitsFromTheQuotaAgain() {
		SkuView sku = this.fixtures.skuInStock(5000, 20);
		SessionView session = this.fixtures.liveSession(this.fixtures.member(true).id(), sku.id(), 4500, 5, 3);
		OrderView order = Orders
			.place(this.web, UUID.randomUUID().toString(),
					Orders.body(session.id(), Fixtures.uniquePhone(), sku.code(), 2))
			.expectStatus()
			.isCreated()
			.expectBody(OrderView.class)
			.returnResult()
			.getResponseBody();
		CardPaymentView payment = pay(order);
		this.clock.advance(Duration.ofMinutes(16));
		this.orders.expire(order.id()).block(Duration.ofSeconds(10));
		assertThat(soldOf(session.lineup().get(0).id())).isZero();

		assertThat(outcomeOf(
				StripeFake.event("payment_intent.succeeded", STRIPE.succeed(payment.paymentIntentId(), null))))
			.isEqualTo("applied");

		assertThat(order(order.id()).status()).isEqualTo(OrderStatus.PAID);
		assertThat(soldOf(session.lineup().get(0).id())).isEqualTo(2);
		// the quota was held at going live: the sale comes out of that hold
		assertThat(this.fixtures.level(sku.id())).isEqualTo(StockLevelView.of(sku.id(), 18, 3));
		assertThat(this.fixtures.levelFromLedger(sku.id())).isEqualTo(this.fixtures.level(sku.id()));
	}

	private long soldOf(UUID lineupItemId) {
		return this.db.sql("SELECT sold FROM lineup_item WHERE id = :id")
			.bind("id", lineupItemId)
			.map((row) -> row.get(0, Long.class))
			.one()
			.block(Duration.ofSeconds(10));
	}

	@Test
	void aPaymentRacingTheExpirySweepKeepsTheOrderWhileStockIsThere() throws Exception {
		SkuView sku = this.fixtures.skuInStock(2000, 50);
		for (int i = 0; i < 6; i++) {
			OrderView order = place(sku, 1);
			CardPaymentView payment = pay(order);
			this.clock.advance(Duration.ofMinutes(16));
			String event = StripeFake.event("payment_intent.succeeded",
					STRIPE.succeed(payment.paymentIntentId(), null));
			String signature = StripeFake.sign(event, SECRET, this.clock.instant());

			List<String> results = race(2, new Callable<>() {

				private final java.util.concurrent.atomic.AtomicInteger turn = new java.util.concurrent.atomic.AtomicInteger();

				@Override
				public String call() throws Exception {
					return (this.turn.getAndIncrement() == 0) ? String
						.valueOf(PaymentsIntegrationTests.this.orders.expire(order.id()).block(Duration.ofSeconds(10)))
							: post(event, signature);
				}

			});

			assertThat(results).anySatisfy((result) -> assertThat(result).startsWith("200 "));
			assertThat(order(order.id()).status()).as("race " + i).isEqualTo(OrderStatus.PAID);
			assertThat(STRIPE.refundsOf(payment.paymentIntentId())).as("race " + i).isEmpty();
			assertThat(movements(order.id(), "SALE")).isEqualTo(1);
		}
		assertThat(this.fixtures.levelFromLedger(sku.id())).isEqualTo(this.fixtures.level(sku.id()));
		assertThat(this.fixtures.level(sku.id())).isEqualTo(StockLevelView.of(sku.id(), 44, 0));
	}

	@Test
	void aPaymentAfterTheHoldExpiredIsRefundedWhenTheStockIsGone() {
		SkuView sku = this.fixtures.skuInStock(2000, 1);
		OrderView late = place(sku, 1);
		CardPaymentView payment = pay(late);
		this.clock.advance(Duration.ofMinutes(16));
		this.orders.expire(late.id()).block(Duration.ofSeconds(10));
		OrderView meanwhile = place(sku, 1);

		assertThat(outcomeOf(
				StripeFake.event("payment_intent.succeeded", STRIPE.succeed(payment.paymentIntentId(), null))))
			.isEqualTo("applied");

		assertThat(order(late.id()).status()).isEqualTo(OrderStatus.EXPIRED);
		assertThat(order(meanwhile.id()).status()).isEqualTo(OrderStatus.PENDING_PAYMENT);
		assertThat(this.fixtures.level(sku.id())).isEqualTo(StockLevelView.of(sku.id(), 1, 1));
		// the money goes back to the buyer, all of it, once
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(STRIPE.refundsOf(payment.paymentIntentId())).singleElement()
				.satisfies((refund) -> assertThat(refund).containsEntry("amount", 2000L)));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(
					this.db.sql("SELECT status FROM refund WHERE payment_intent = :pi AND trigger = 'AUTOMATIC'")
						.bind("pi", payment.paymentIntentId())
						.map((row) -> row.get(0, String.class))
						.all()
						.collectList()
						.block(Duration.ofSeconds(10)))
				.containsExactly("SUCCEEDED"));
	}

	@Test
	void aPaymentForACancelledOrderIsRefunded() {
		OrderView order = place(this.fixtures.skuInStock(1200, 3), 1);
		CardPaymentView payment = pay(order);
		this.orders.cancel(order.id(), "buyer").block(Duration.ofSeconds(10));

		assertThat(outcomeOf(
				StripeFake.event("payment_intent.succeeded", STRIPE.succeed(payment.paymentIntentId(), null))))
			.isEqualTo("applied");

		assertThat(order(order.id()).status()).isEqualTo(OrderStatus.CANCELLED);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(STRIPE.refundsOf(payment.paymentIntentId())).hasSize(1));
	}

	// refunds

	@Test
	void partialAndFullRefundsReturnMoneyOnceAndStockWhenUnshipped() {
		SkuView sku = this.fixtures.skuInStock(5000, 10);
		Paid paid = paidOrder(sku, 2);
		String admin = this.fixtures.token(Role.ADMIN);
		String key = UUID.randomUUID().toString();
		Map<String, Object> partial = Map.of("amountFen", 3000, "reason", "one box damaged");

		RefundView first = refund(admin, paid.order().id(), key, partial).expectStatus()
			.isCreated()
			.expectBody(RefundView.class)
			.returnResult()
			.getResponseBody();
		assertThat(first.status()).isEqualTo(RefundStatus.SUCCEEDED);
		assertThat(first.stripeRefundId()).startsWith("re_");
		assertThat(order(paid.order().id())).satisfies((order) -> {
			assertThat(order.status()).isEqualTo(OrderStatus.PAID);
			assertThat(order.refundedFen()).isEqualTo(3000);
		});
		// the same request again: the same refund, no second payout
		RefundView again = refund(admin, paid.order().id(), key, partial).expectStatus()
			.isOk()
			.expectBody(RefundView.class)
			.returnResult()
			.getResponseBody();
		assertThat(again.id()).isEqualTo(first.id());
		assertThat(STRIPE.refundsOf(paid.intentId())).hasSize(1);
		refund(admin, paid.order().id(), key, Map.of("amountFen", 100, "reason", "other")).expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("IDEMPOTENCY_KEY_REUSED");

		// more than what is left is refused, at Stripe's door
		refund(admin, paid.order().id(), UUID.randomUUID().toString(), Map.of("amountFen", 7001, "reason", "too much"))
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("REFUND_EXCEEDS_PAYMENT");
		assertThat(STRIPE.refundsOf(paid.intentId())).hasSize(1);

		// the rest: a full refund of an unshipped order returns its stock
		refund(admin, paid.order().id(), UUID.randomUUID().toString(), Map.of("reason", "buyer changed their mind"))
			.expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.amountFen")
			.isEqualTo(7000);
		OrderView refunded = order(paid.order().id());
		assertThat(refunded.status()).isEqualTo(OrderStatus.REFUNDED);
		assertThat(refunded.refundedFen()).isEqualTo(10000);
		assertThat(refunded.refundPendingFen()).isZero();
		assertThat(movements(paid.order().id(), "RETURN")).isEqualTo(1);
		assertThat(this.fixtures.level(sku.id())).isEqualTo(StockLevelView.of(sku.id(), 10, 0));
		assertThat(this.fixtures.levelFromLedger(sku.id())).isEqualTo(this.fixtures.level(sku.id()));
		refund(admin, paid.order().id(), UUID.randomUUID().toString(), Map.of("amountFen", 1, "reason", "more"))
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("ORDER_NOT_REFUNDABLE");
	}

	@Test
	void refundsAskedForAtOnceNeverExceedWhatWasPaid() throws Exception {
		Paid paid = paidOrder(this.fixtures.skuInStock(3000, 10), 1);
		String admin = this.fixtures.token(Role.ADMIN);

		List<Integer> statuses = race(8,
				() -> refund(admin, paid.order().id(), UUID.randomUUID().toString(),
						Map.of("amountFen", 2000, "reason", "race"))
					.expectBody(String.class)
					.returnResult()
					.getStatus()
					.value());

		assertThat(statuses.stream().filter((s) -> s == 201)).hasSize(1);
		assertThat(statuses.stream().filter((s) -> s == 409)).hasSize(7);
		assertThat(STRIPE.refundsOf(paid.intentId())).hasSize(1);
		assertThat(order(paid.order().id()).refundedFen()).isEqualTo(2000);
	}

	@Test
	void aRefundNeedsAReasonAKeyAndAPositiveAmount() {
		Paid paid = paidOrder(this.fixtures.skuInStock(3000, 10), 1);
		String admin = this.fixtures.token(Role.ADMIN);
		refund(admin, paid.order().id(), null, Map.of("reason", "x")).expectStatus().isBadRequest();
		refund(admin, paid.order().id(), "k-" + UUID.randomUUID(), Map.of("amountFen", 100)).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("reason");
		refund(admin, paid.order().id(), "k-" + UUID.randomUUID(), Map.of("amountFen", -5, "reason", "x"))
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("amountFen");
		assertThat(STRIPE.refundsOf(paid.intentId())).isEmpty();
	}

	@Test
	void aHostRefundsOnlyOrdersOfTheirOwnSessions() {
		SkuView sku = this.fixtures.skuInStock(5000, 50);
		MemberView host = this.fixtures.member(true);
		SessionView session = this.fixtures.liveSession(host.id(), sku.id(), 4500, 20, 5);
		OrderView order = Orders
			.place(this.web, UUID.randomUUID().toString(),
					Orders.body(session.id(), Fixtures.uniquePhone(), sku.code(), 1))
			.expectStatus()
			.isCreated()
			.expectBody(OrderView.class)
			.returnResult()
			.getResponseBody();
		CardPaymentView payment = pay(order);
		outcomeOf(StripeFake.event("payment_intent.succeeded", STRIPE.succeed(payment.paymentIntentId(), null)));

		String otherHost = this.fixtures.token(Role.HOST);
		this.web.post()
			.uri("/api/v1/host/orders/{id}/refunds", order.id())
			.headers((h) -> h.setBearerAuth(otherHost))
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("reason", "not mine"))
			.exchange()
			.expectStatus()
			.isForbidden();
		String ownHost = this.fixtures.token(Role.HOST, host.id());
		this.web.post()
			.uri("/api/v1/host/orders/{id}/refunds", order.id())
			.headers((h) -> h.setBearerAuth(ownHost))
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("amountFen", 500, "reason", "late shipping"))
			.exchange()
			.expectStatus()
			.isCreated();
		assertThat(STRIPE.refundsOf(payment.paymentIntentId())).hasSize(1);
	}

	// Stripe failing

	@Test
	void stripeFailingOrSlowAnswers503AndKeepsTheOrder() {
		OrderView order = place(this.fixtures.skuInStock(1000, 5), 1);

		STRIPE.failWith(500);
		startPayment(order).expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.exists("Retry-After")
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("PAYMENT_PROVIDER_UNAVAILABLE");

		STRIPE.heal();
		STRIPE.answerAfter(Duration.ofSeconds(4));
		long started = System.nanoTime();
		startPayment(order).expectStatus().isEqualTo(503);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));

		STRIPE.heal();
		assertThat(order(order.id()).status()).isEqualTo(OrderStatus.PENDING_PAYMENT);
		assertThat(pay(order).paymentIntentId()).startsWith("pi_");
	}

	@Test
	void aRefundDuringAnOutageStaysPendingAndReconciliationFinishesIt() {
		SkuView sku = this.fixtures.skuInStock(4000, 5);
		Paid paid = paidOrder(sku, 1);
		String admin = this.fixtures.token(Role.ADMIN);

		STRIPE.failWith(503);
		RefundView pending = refund(admin, paid.order().id(), UUID.randomUUID().toString(), Map.of("reason", "outage"))
			.expectStatus()
			.isAccepted()
			.expectBody(RefundView.class)
			.returnResult()
			.getResponseBody();
		assertThat(pending.status()).isEqualTo(RefundStatus.PENDING);
		assertThat(order(paid.order().id()).refundPendingFen()).isEqualTo(4000);

		STRIPE.heal();
		this.clock.advance(Duration.ofMinutes(2));
		this.reconciler.reconcileOnce().block(Duration.ofSeconds(30));

		assertThat(STRIPE.refundsOf(paid.intentId())).hasSize(1);
		OrderView refunded = order(paid.order().id());
		assertThat(refunded.status()).isEqualTo(OrderStatus.REFUNDED);
		assertThat(refunded.refundedFen()).isEqualTo(4000);
		assertThat(refunded.refundPendingFen()).isZero();
		// asked again: nothing more is paid out
		this.clock.advance(Duration.ofMinutes(2));
		this.reconciler.reconcileOnce().block(Duration.ofSeconds(30));
		assertThat(STRIPE.refundsOf(paid.intentId())).hasSize(1);
	}

	@Test
	void aRefundPendingAtStripeIsSettledWhenStripeIsDone() {
		Paid paid = paidOrder(this.fixtures.skuInStock(4000, 5), 1);
		String admin = this.fixtures.token(Role.ADMIN);
		STRIPE.refundsEnd("pending");
		RefundView pending = refund(admin, paid.order().id(), UUID.randomUUID().toString(),
				Map.of("amountFen", 1000, "reason", "wallet refund"))
			.expectStatus()
			.isAccepted()
			.expectBody(RefundView.class)
			.returnResult()
			.getResponseBody();

		STRIPE.settleRefund(pending.stripeRefundId(), "succeeded");
		this.clock.advance(Duration.ofMinutes(2));
		this.reconciler.reconcileOnce().block(Duration.ofSeconds(30));

		assertThat(order(paid.order().id()).refundedFen()).isEqualTo(1000);
		assertThat(order(paid.order().id()).status()).isEqualTo(OrderStatus.PAID);
	}

	// reconciliation

	@Test
	void reconciliationPaysAnOrderWhoseWebhookWasLost() {
		SkuView sku = this.fixtures.skuInStock(2500, 5);
		OrderView order = place(sku, 1);
		CardPaymentView payment = pay(order);
		STRIPE.succeed(payment.paymentIntentId(), null);
		// too young: left for its webhook
		this.reconciler.reconcileOnce().block(Duration.ofSeconds(30));
		assertThat(order(order.id()).status()).isEqualTo(OrderStatus.PENDING_PAYMENT);

		this.clock.advance(Duration.ofMinutes(6));
		this.reconciler.reconcileOnce().block(Duration.ofSeconds(30));

		assertThat(order(order.id()).status()).isEqualTo(OrderStatus.PAID);
		assertThat(movements(order.id(), "SALE")).isEqualTo(1);
		// the webhook arriving at last changes nothing
		assertThat(outcomeOf(StripeFake.event("payment_intent.succeeded", STRIPE.intent(payment.paymentIntentId()))))
			.isEqualTo("duplicate");
	}

	// offline payments

	@Test
	void cashOnDeliveryShipsUnpaidAndIsPaidAtDelivery() {
		SkuView sku = this.fixtures.skuInStock(6800, 10);
		MemberView host = this.fixtures.member(true);
		SessionView session = this.fixtures.liveSession(host.id(), sku.id(), 6000, 5, 5);
		Map<String, Object> body = new java.util.HashMap<>(
				Orders.body(session.id(), Fixtures.uniquePhone(), sku.code(), 2));
		body.put("paymentMethod", "CASH_ON_DELIVERY");
		OrderView order = Api
			.call(this.web.mutate().defaultHeader("Idempotency-Key", UUID.randomUUID().toString()).build(), "POST",
					this.fixtures.token(Role.HOST, host.id()), "/api/v1/host/sessions/" + session.id() + "/orders",
					body)
			.expectStatus()
			.isCreated()
			.expectBody(OrderView.class)
			.returnResult()
			.getResponseBody();
		assertThat(order.paymentMethod()).isEqualTo(PaymentMethod.CASH_ON_DELIVERY);
		assertThat(order.expiresAt()).isAfter(order.createdAt().plus(Duration.ofHours(71)));
		String admin = this.fixtures.token(Role.ADMIN);

		Api.call(this.web, "POST", admin, "/api/v1/admin/orders/" + order.id() + "/ship",
				Map.of("carrier", "EMS", "trackingNumber", "EA123456789CN"))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("SHIPPED");
		assertThat(order(order.id()).paidAt()).isNull();
		assertThat(movements(order.id(), "SALE")).isZero();

		Api.call(this.web, "POST", admin, "/api/v1/admin/orders/" + order.id() + "/deliver",
				Map.of("cashReference", "courier receipt 8812"))
			.expectStatus()
			.isOk();
		OrderView delivered = order(order.id());
		assertThat(delivered.status()).isEqualTo(OrderStatus.DELIVERED);
		assertThat(delivered.paidAt()).isNotNull();
		assertThat(delivered.paymentReference()).isEqualTo("courier receipt 8812");
		assertThat(movements(order.id(), "SALE")).isEqualTo(1);
		assertThat(this.fixtures.levelFromLedger(sku.id())).isEqualTo(this.fixtures.level(sku.id()));
	}

	@Test
	void aStorefrontOrderCannotChooseAnOfflineMethod() {
		SkuView sku = this.fixtures.skuInStock(1000, 5);
		Map<String, Object> body = new java.util.HashMap<>(Orders.body(null, Fixtures.uniquePhone(), sku.code(), 1));
		body.put("paymentMethod", "CASH_ON_DELIVERY");
		Orders.place(this.web, UUID.randomUUID().toString(), body)
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("paymentMethod");
	}

	// the time a webhook is signed is the service's time
	@Test
	void signaturesAreCheckedAgainstTheServicesClock() {
		OrderView order = place(this.fixtures.skuInStock(1500, 5), 1);
		CardPaymentView payment = pay(order);
		String event = StripeFake.event("payment_intent.succeeded", STRIPE.succeed(payment.paymentIntentId(), null));
		Instant realNow = Instant.now();
		this.clock.advance(Duration.ofMinutes(10));
		deliver(event, StripeFake.sign(event, SECRET, realNow)).expectStatus().isBadRequest();
		deliver(event, StripeFake.sign(event, SECRET, this.clock.instant())).expectStatus().isOk();
	}

}
