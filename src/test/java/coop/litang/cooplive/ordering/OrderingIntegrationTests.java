package coop.litang.cooplive.ordering;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import coop.litang.cooplive.catalog.SkuView;
import coop.litang.cooplive.identity.Role;
import coop.litang.cooplive.inventory.StockLevelView;
import coop.litang.cooplive.livestream.SessionView;
import coop.litang.cooplive.members.MemberView;
import coop.litang.cooplive.testing.Database;
import coop.litang.cooplive.testing.Fixtures;
import coop.litang.cooplive.testing.IntegrationTest;
import coop.litang.cooplive.testing.MutableClock;
import coop.litang.cooplive.testing.Orders;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
class OrderingIntegrationTests {

	@Autowired
	WebTestClient web;

	@Autowired
	Fixtures fixtures;

	@Autowired
	DatabaseClient db;

	@Autowired
	MutableClock clock;

	@Autowired
	OrderSweeper sweeper;

	private OrderView place(String key, Map<String, Object> body) {
		return Orders.place(this.web, key, body)
			.expectStatus()
			.isCreated()
			.expectBody(OrderView.class)
			.returnResult()
			.getResponseBody();
	}

	private static String key() {
		return UUID.randomUUID().toString();
	}

	@Test
	void aStorefrontOrderHoldsStockAtTheListPrice() {
		SkuView sku = this.fixtures.skuInStock(5800, 10);
		OrderView order = place(key(), Orders.body(null, Fixtures.uniquePhone(), sku.code(), 2, sku.code(), 1));
		assertThat(order.status()).isEqualTo(OrderStatus.PENDING_PAYMENT);
		assertThat(order.lines()).singleElement().satisfies((line) -> {
			assertThat(line.quantity()).isEqualTo(3);
			assertThat(line.unitPriceFen()).isEqualTo(5800);
			assertThat(line.lineTotalFen()).isEqualTo(17400);
		});
		assertThat(order.totalFen()).isEqualTo(17400);
		assertThat(order.accessToken()).isNotBlank();
		assertThat(order.expiresAt()).isAfter(order.createdAt().plus(Duration.ofMinutes(14)));
		assertThat(this.fixtures.level(sku.id())).isEqualTo(StockLevelView.of(sku.id(), 10, 3));
		assertThat(this.fixtures.levelFromLedger(sku.id())).isEqualTo(this.fixtures.level(sku.id()));
	}

	@Test
	void aSessionOrderTakesTheSessionPriceFromItsQuota() {
		SkuView sku = this.fixtures.skuInStock(5800, 100);
		MemberView host = this.fixtures.member(true);
		SessionView session = this.fixtures.liveSession(host.id(), sku.id(), 5000, 40, 5);
		assertThat(this.fixtures.level(sku.id())).isEqualTo(StockLevelView.of(sku.id(), 100, 40));

		OrderView order = place(key(), Orders.body(session.id(), Fixtures.uniquePhone(), sku.code(), 2));
		assertThat(order.channel()).isEqualTo(OrderChannel.SESSION);
		assertThat(order.totalFen()).isEqualTo(10000);
		// the units come out of the session's hold: general stock does not move
		assertThat(this.fixtures.level(sku.id())).isEqualTo(StockLevelView.of(sku.id(), 100, 40));
		this.web.get()
			.uri("/api/v1/storefront/sessions/{id}", session.id())
			.exchange()
			.expectBody()
			.jsonPath("$.lineup[0].sold")
			.isEqualTo(2)
			.jsonPath("$.lineup[0].remaining")
			.isEqualTo(38);
	}

	@Test
	void adminsFindOrdersByChannelSessionAndTheBuyersPhoneHoweverItIsWritten() {
		SkuView sku = this.fixtures.skuInStock(5800, 100);
		SessionView session = this.fixtures.liveSession(this.fixtures.member(true).id(), sku.id(), 5000, 40, 5);
		String phone = Fixtures.uniquePhone();
		OrderView live = place(key(), Orders.body(session.id(), phone, sku.code(), 1));
		OrderView shop = place(key(), Orders.body(null, phone, sku.code(), 1));
		place(key(), Orders.body(null, Fixtures.uniquePhone(), sku.code(), 1));
		String admin = this.fixtures.token(coop.litang.cooplive.identity.Role.ADMIN);
		String spelled = "0086 " + phone.substring(0, 3) + " " + phone.substring(3, 7) + " " + phone.substring(7);
		coop.litang.cooplive.testing.Api.call(this.web, "GET", admin, "/api/v1/admin/orders?phone=" + spelled, null)
			.expectBody()
			.jsonPath("$.totalItems")
			.isEqualTo(2)
			.jsonPath("$.items[0].id")
			.isEqualTo(shop.id().toString());
		coop.litang.cooplive.testing.Api
			.call(this.web, "GET", admin, "/api/v1/admin/orders?channel=SESSION&phone=" + phone, null)
			.expectBody()
			.jsonPath("$.totalItems")
			.isEqualTo(1)
			.jsonPath("$.items[0].id")
			.isEqualTo(live.id().toString());
		coop.litang.cooplive.testing.Api
			.call(this.web, "GET", admin,
					"/api/v1/admin/orders?status=PENDING_PAYMENT&channel=STOREFRONT&phone=" + phone, null)
			.expectBody()
			.jsonPath("$.totalItems")
			.isEqualTo(1);
		coop.litang.cooplive.testing.Api.call(this.web, "GET", admin, "/api/v1/admin/orders?phone=12345", null)
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("phone");
		coop.litang.cooplive.testing.Api.call(this.web, "GET", admin, "/api/v1/admin/orders?channel=TV", null)
			.expectStatus()
			.isBadRequest();
	}

	@Test
	void theSameKeyAndBodyReturnTheSameOrderAndAnotherBodyIsRefused() {
		SkuView sku = this.fixtures.skuInStock(100, 10);
		String key = key();
		String phone = Fixtures.uniquePhone();
		OrderView first = place(key, Orders.body(null, phone, sku.code(), 1));
		OrderView again = Orders.place(this.web, key, Orders.body(null, phone, sku.code(), 1))
			.expectStatus()
			.isOk()
			.expectBody(OrderView.class)
			.returnResult()
			.getResponseBody();
		assertThat(again.id()).isEqualTo(first.id());
		assertThat(again.accessToken()).isEqualTo(first.accessToken());
		Orders.place(this.web, key, Orders.body(null, phone, sku.code(), 2))
			.expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("IDEMPOTENCY_KEY_REUSED");
		assertThat(this.fixtures.level(sku.id()).reserved()).isEqualTo(1);
	}

	@Test
	void aRetryOfAPlacedLiveOrderGetsItBackEvenOnceTheItemSoldOut() {
		SkuView sku = this.fixtures.skuInStock(100, 10);
		SessionView session = this.fixtures.liveSession(this.fixtures.member(true).id(), sku.id(), 90, 2, 2);
		String key = key();
		String phone = Fixtures.uniquePhone();
		OrderView first = place(key, Orders.body(session.id(), phone, sku.code(), 2));
		Orders.place(this.web, key(), Orders.body(session.id(), Fixtures.uniquePhone(), sku.code(), 1))
			.expectStatus()
			.isEqualTo(409);
		OrderView again = Orders.place(this.web, key, Orders.body(session.id(), phone, sku.code(), 2))
			.expectStatus()
			.isOk()
			.expectBody(OrderView.class)
			.returnResult()
			.getResponseBody();
		assertThat(again.id()).isEqualTo(first.id());
		Orders.place(this.web, key, Orders.body(session.id(), phone, sku.code(), 1)).expectStatus().isEqualTo(422);
	}

	@Test
	void anOrderWithoutAnIdempotencyKeyIsRefused() {
		SkuView sku = this.fixtures.skuInStock(100, 10);
		this.web.post()
			.uri("/api/v1/storefront/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Orders.body(null, Fixtures.uniquePhone(), sku.code(), 1))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("Idempotency-Key");
		assertThat(this.fixtures.level(sku.id()).reserved()).isZero();
	}

	@Test
	void soldOutQuotaAndLimitRefusalsCarryTheirCodeAndHoldNothing() {
		SkuView sku = this.fixtures.skuInStock(100, 3);
		Orders.place(this.web, key(), Orders.body(null, Fixtures.uniquePhone(), sku.code(), 4))
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("SOLD_OUT");
		assertThat(this.fixtures.level(sku.id()).reserved()).isZero();

		SkuView live = this.fixtures.skuInStock(100, 50);
		SessionView session = this.fixtures.liveSession(this.fixtures.member(true).id(), live.id(), 90, 4, 3);
		String phone = Fixtures.uniquePhone();
		place(key(), Orders.body(session.id(), phone, live.code(), 2));
		Orders.place(this.web, key(), Orders.body(session.id(), phone, live.code(), 2))
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("BUYER_LIMIT_EXCEEDED");
		Orders.place(this.web, key(), Orders.body(session.id(), Fixtures.uniquePhone(), live.code(), 3))
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("QUOTA_EXCEEDED");
		this.web.get()
			.uri("/api/v1/storefront/sessions/{id}", session.id())
			.exchange()
			.expectBody()
			.jsonPath("$.lineup[0].sold")
			.isEqualTo(2);
	}

	@Test
	void theBuyerLimitCountsEveryOrderOfTheBuyerWhateverThePhoneSpelling() {
		SkuView sku = this.fixtures.skuInStock(100, 50);
		SessionView session = this.fixtures.liveSession(this.fixtures.member(true).id(), sku.id(), 90, 20, 2);
		String phone = Fixtures.uniquePhone();
		place(key(), Orders.body(session.id(), phone, sku.code(), 1));
		place(key(), Orders.body(session.id(), "+86 " + phone, sku.code(), 1));
		Orders
			.place(this.web, key(),
					Orders.body(session.id(), phone.substring(0, 3) + "-" + phone.substring(3), sku.code(), 1))
			.expectStatus()
			.isEqualTo(409);
		// lines of one SKU add up before the limit is checked
		Orders.place(this.web, key(), Orders.body(session.id(), Fixtures.uniquePhone(), sku.code(), 2, sku.code(), 1))
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("BUYER_LIMIT_EXCEEDED");
	}

	@Test
	void onlyTheAccessTokenOpensAnOrder() {
		SkuView sku = this.fixtures.skuInStock(100, 10);
		OrderView order = place(key(), Orders.body(null, Fixtures.uniquePhone(), sku.code(), 1));
		OrderView other = place(key(), Orders.body(null, Fixtures.uniquePhone(), sku.code(), 1));
		this.web.get()
			.uri("/api/v1/storefront/orders/{id}", order.id())
			.header("X-Order-Token", order.accessToken())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.id")
			.isEqualTo(order.id().toString());
		this.web.get().uri("/api/v1/storefront/orders/{id}", order.id()).exchange().expectStatus().isNotFound();
		this.web.get()
			.uri("/api/v1/storefront/orders/{id}", order.id())
			.header("X-Order-Token", other.accessToken())
			.exchange()
			.expectStatus()
			.isNotFound();
		this.web.post()
			.uri("/api/v1/storefront/orders/{id}/cancel", order.id())
			.header("X-Order-Token", "forged")
			.exchange()
			.expectStatus()
			.isNotFound();
		assertThat(this.fixtures.level(sku.id()).reserved()).isEqualTo(2);
	}

	@Test
	void cancellingReleasesTheHoldAndCannotBeUndone() {
		SkuView sku = this.fixtures.skuInStock(100, 10);
		OrderView order = place(key(), Orders.body(null, Fixtures.uniquePhone(), sku.code(), 4));
		this.web.post()
			.uri("/api/v1/storefront/orders/{id}/cancel", order.id())
			.header("X-Order-Token", order.accessToken())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("CANCELLED");
		assertThat(this.fixtures.level(sku.id())).isEqualTo(StockLevelView.of(sku.id(), 10, 0));
		this.web.post()
			.uri("/api/v1/storefront/orders/{id}/cancel", order.id())
			.header("X-Order-Token", order.accessToken())
			.exchange()
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("ILLEGAL_TRANSITION");
		assertThat(this.fixtures.levelFromLedger(sku.id())).isEqualTo(this.fixtures.level(sku.id()));
	}

	@Test
	void anOrderGoesFromPaidToShippedToDeliveredAndNoOtherWay() {
		SkuView sku = this.fixtures.skuInStock(100, 10);
		String admin = this.fixtures.token(Role.ADMIN);
		OrderView order = place(key(), Orders.body(null, Fixtures.uniquePhone(), sku.code(), 2));
		adminPost(admin, "/api/v1/admin/orders/" + order.id() + "/ship",
				Map.of("carrier", "SF", "trackingNumber", "SF1"))
			.expectStatus()
			.isEqualTo(409);
		adminPost(admin, "/api/v1/admin/orders/" + order.id() + "/deliver", Map.of()).expectStatus().isEqualTo(409);
		adminPost(admin, "/api/v1/admin/orders/" + order.id() + "/mark-paid", Map.of("reference", "cash"))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("PAID");
		assertThat(this.fixtures.level(sku.id())).isEqualTo(StockLevelView.of(sku.id(), 8, 0));
		adminPost(admin, "/api/v1/admin/orders/" + order.id() + "/cancel", Map.of()).expectStatus().isEqualTo(409);
		adminPost(admin, "/api/v1/admin/orders/" + order.id() + "/ship",
				Map.of("carrier", "SF Express", "trackingNumber", "SF123"))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.trackingNumber")
			.isEqualTo("SF123");
		adminPost(admin, "/api/v1/admin/orders/" + order.id() + "/deliver", Map.of()).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("DELIVERED");
		adminPost(admin, "/api/v1/admin/orders/" + order.id() + "/ship",
				Map.of("carrier", "SF", "trackingNumber", "SF2"))
			.expectStatus()
			.isEqualTo(409);
		assertThat(this.fixtures.level(sku.id())).isEqualTo(StockLevelView.of(sku.id(), 8, 0));
		assertThat(this.fixtures.levelFromLedger(sku.id())).isEqualTo(this.fixtures.level(sku.id()));
	}

	private WebTestClient.ResponseSpec adminPost(String token, String uri, Object body) {
		return this.web.post().uri(uri).headers((h) -> h.setBearerAuth(token)).bodyValue(body).exchange();
	}

	@Test
	void anExpiredHoldIsReleasedByTheSweeper() {
		SkuView sku = this.fixtures.skuInStock(100, 10);
		SkuView live = this.fixtures.skuInStock(100, 10);
		SessionView session = this.fixtures.liveSession(this.fixtures.member(true).id(), live.id(), 90, 6, 6);
		OrderView order = place(key(), Orders.body(null, Fixtures.uniquePhone(), sku.code(), 3));
		OrderView sessionOrder = place(key(), Orders.body(session.id(), Fixtures.uniquePhone(), live.code(), 4));

		this.sweeper.sweepOnce().block(Duration.ofSeconds(30));
		assertThat(this.fixtures.level(sku.id()).reserved()).isEqualTo(3);

		this.clock.advance(Duration.ofMinutes(16));
		this.sweeper.sweepOnce().block(Duration.ofSeconds(60));

		this.web.get()
			.uri("/api/v1/storefront/orders/{id}", order.id())
			.header("X-Order-Token", order.accessToken())
			.exchange()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("EXPIRED");
		assertThat(this.fixtures.level(sku.id())).isEqualTo(StockLevelView.of(sku.id(), 10, 0));
		// a live session's units go back to its quota, still held for the session
		this.web.get()
			.uri("/api/v1/storefront/sessions/{id}", session.id())
			.exchange()
			.expectBody()
			.jsonPath("$.lineup[0].remaining")
			.isEqualTo(6);
		assertThat(this.fixtures.level(live.id())).isEqualTo(StockLevelView.of(live.id(), 10, 6));
		this.web.get()
			.uri("/api/v1/storefront/orders/{id}", sessionOrder.id())
			.header("X-Order-Token", sessionOrder.accessToken())
			.exchange()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("EXPIRED");
		assertThat(this.fixtures.levelFromLedger(sku.id())).isEqualTo(this.fixtures.level(sku.id()));
	}

	@Test
	void unsoldQuotaReturnsToStockWhenTheSessionEndsAndLaterExpiriesToo() {
		SkuView sku = this.fixtures.skuInStock(100, 30);
		SessionView session = this.fixtures.liveSession(this.fixtures.member(true).id(), sku.id(), 90, 20, 5);
		OrderView paid = place(key(), Orders.body(session.id(), Fixtures.uniquePhone(), sku.code(), 3));
		OrderView unpaid = place(key(), Orders.body(session.id(), Fixtures.uniquePhone(), sku.code(), 2));
		String admin = this.fixtures.token(Role.ADMIN);
		adminPost(admin, "/api/v1/admin/orders/" + paid.id() + "/mark-paid", Map.of("reference", "transfer 42"))
			.expectStatus()
			.isOk();
		assertThat(this.fixtures.level(sku.id())).isEqualTo(StockLevelView.of(sku.id(), 27, 17));

		this.fixtures.endSession(session.id());
		// the unpaid order keeps its 2 units; the 15 nobody holds return
		assertThat(this.fixtures.level(sku.id())).isEqualTo(StockLevelView.of(sku.id(), 27, 2));
		Orders.place(this.web, key(), Orders.body(session.id(), Fixtures.uniquePhone(), sku.code(), 1))
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("SESSION_NOT_LIVE");

		this.web.post()
			.uri("/api/v1/storefront/orders/{id}/cancel", unpaid.id())
			.header("X-Order-Token", unpaid.accessToken())
			.exchange()
			.expectStatus()
			.isOk();
		assertThat(this.fixtures.level(sku.id())).isEqualTo(StockLevelView.of(sku.id(), 27, 0));
		assertThat(this.fixtures.levelFromLedger(sku.id())).isEqualTo(this.fixtures.level(sku.id()));
	}

	@Test
	void badOrdersNameTheirFieldsAndStoreNothing() {
		SkuView sku = this.fixtures.skuInStock(100, 10);
		long orders = Database.count(this.db, "orders");
		Orders.place(this.web, key(), Orders.body(null, "12345", sku.code(), 1))
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("buyer.phone");
		Orders.place(this.web, key(), Orders.body(null, Fixtures.uniquePhone(), "NO-SUCH-SKU", 1))
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("lines[0].sku");
		Orders.place(this.web, key(), Orders.body(null, Fixtures.uniquePhone(), sku.code(), 0))
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("lines[0].quantity");
		Orders.place(this.web, key(), Map.of("buyer", Map.of("name", "x"), "lines", java.util.List.of()))
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[*].field")
			.value((fields) -> assertThat(fields.toString()).contains("lines", "buyer.phone", "buyer.address"));
		Orders.place(this.web, key(), Orders.body(UUID.randomUUID(), Fixtures.uniquePhone(), sku.code(), 1))
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("sessionId");
		assertThat(Database.count(this.db, "orders")).isEqualTo(orders);
		assertThat(this.fixtures.level(sku.id()).reserved()).isZero();
	}

}
