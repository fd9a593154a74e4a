package coop.litang.cooplive.livestream;

import java.util.Map;

import coop.litang.cooplive.catalog.SkuView;
import coop.litang.cooplive.identity.Role;
import coop.litang.cooplive.inventory.StockLevelView;
import coop.litang.cooplive.members.MemberView;
import coop.litang.cooplive.testing.Api;
import coop.litang.cooplive.testing.Fixtures;
import coop.litang.cooplive.testing.IntegrationTest;
import coop.litang.cooplive.testing.Orders;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
class LivestreamIntegrationTests {

	@Autowired
	WebTestClient web;

	@Autowired
	Fixtures fixtures;

	private WebTestClient.ResponseSpec call(String method, String token, String uri, Object body) {
		return Api.call(this.web, method, token, uri, body);
	}

	private SessionView create(String token) {
		return call("POST", token, "/api/v1/host/sessions",
				Map.of("title", "虫草直播 Cordyceps live", "channel", "DOUYIN", "roomLink", "https://live.example/room/1",
						"scheduledStart", "2026-12-01T12:00:00Z"))
			.expectStatus()
			.isCreated()
			.expectBody(SessionView.class)
			.returnResult()
			.getResponseBody();
	}

	@Test
	void aHostRunsTheirSessionFromScheduledToLiveToEndedAndTheQuotaComesAndGoes() {
		MemberView host = this.fixtures.member(true);
		String token = this.fixtures.token(Role.HOST, host.id());
		SkuView sku = this.fixtures.skuInStock(5800, 50);
		SessionView session = create(token);
		assertThat(session.status()).isEqualTo(SessionStatus.SCHEDULED);
		assertThat(session.hostMemberId()).isEqualTo(host.id());

		call("POST", token, "/api/v1/host/sessions/" + session.id() + "/lineup",
				Map.of("skuId", sku.id(), "sessionPriceFen", 5000, "quota", 30, "perBuyerLimit", 2))
			.expectStatus()
			.isCreated();
		assertThat(this.fixtures.level(sku.id())).isEqualTo(StockLevelView.of(sku.id(), 50, 0));

		call("POST", token, "/api/v1/host/sessions/" + session.id() + "/start", null).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("LIVE");
		assertThat(this.fixtures.level(sku.id())).isEqualTo(StockLevelView.of(sku.id(), 50, 30));
		this.web.get()
			.uri("/api/v1/storefront/sessions?status=LIVE&size=100")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.items[?(@.id == '" + session.id() + "')].lineup[0].remaining")
			.isEqualTo(30);

		call("POST", token, "/api/v1/host/sessions/" + session.id() + "/start", null).expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("ILLEGAL_SESSION_TRANSITION");
		call("PUT", token, "/api/v1/host/sessions/" + session.id() + "/lineup/" + sessionItem(session, token),
				Map.of("skuId", sku.id(), "sessionPriceFen", 1, "quota", 30, "perBuyerLimit", 2))
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("SESSION_LIVE");

		call("POST", token, "/api/v1/host/sessions/" + session.id() + "/end", null).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("ENDED");
		assertThat(this.fixtures.level(sku.id())).isEqualTo(StockLevelView.of(sku.id(), 50, 0));
		assertThat(this.fixtures.levelFromLedger(sku.id())).isEqualTo(this.fixtures.level(sku.id()));
	}

	private String sessionItem(SessionView session, String token) {
		return call("GET", token, "/api/v1/host/sessions/" + session.id(), null).expectBody(SessionView.class)
			.returnResult()
			.getResponseBody()
			.lineup()
			.get(0)
			.id()
			.toString();
	}

	@Test
	void aHostCannotSeeOrRunAnotherHostsSessionButAnAdminCan() {
		String owner = this.fixtures.token(Role.HOST);
		String other = this.fixtures.token(Role.HOST);
		String admin = this.fixtures.token(Role.ADMIN);
		SessionView session = create(owner);
		call("GET", other, "/api/v1/host/sessions/" + session.id(), null).expectStatus().isForbidden();
		call("POST", other, "/api/v1/host/sessions/" + session.id() + "/start", null).expectStatus().isForbidden();
		call("GET", other, "/api/v1/host/sessions/" + session.id() + "/stats", null).expectStatus().isForbidden();
		this.web.post()
			.uri("/api/v1/host/sessions/{id}/orders", session.id())
			.headers((h) -> h.setBearerAuth(other))
			.header("Idempotency-Key", "ownership-check")
			.bodyValue(Orders.body(session.id(), Fixtures.uniquePhone(), "ANY-SKU", 1))
			.exchange()
			.expectStatus()
			.isForbidden();
		call("GET", admin, "/api/v1/host/sessions/" + session.id(), null).expectStatus().isOk();
		call("GET", other, "/api/v1/host/sessions?size=100", null).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.items[?(@.id == '" + session.id() + "')]")
			.doesNotExist();
		call("GET", this.fixtures.token(Role.ACCOUNTANT), "/api/v1/host/sessions", null).expectStatus().isForbidden();
	}

	@Test
	void startingWithMoreQuotaThanStockIsRefusedAndChangesNothing() {
		MemberView host = this.fixtures.member(true);
		String token = this.fixtures.token(Role.HOST, host.id());
		SkuView sku = this.fixtures.skuInStock(100, 5);
		SessionView session = create(token);
		call("POST", token, "/api/v1/host/sessions/" + session.id() + "/lineup",
				Map.of("skuId", sku.id(), "sessionPriceFen", 90, "quota", 6, "perBuyerLimit", 1))
			.expectStatus()
			.isCreated();
		call("POST", token, "/api/v1/host/sessions/" + session.id() + "/start", null).expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("INSUFFICIENT_STOCK");
		call("GET", token, "/api/v1/host/sessions/" + session.id(), null).expectBody()
			.jsonPath("$.status")
			.isEqualTo("SCHEDULED");
		assertThat(this.fixtures.level(sku.id())).isEqualTo(StockLevelView.of(sku.id(), 5, 0));
	}

	@Test
	void pinningOneItemUnpinsTheOthers() {
		MemberView host = this.fixtures.member(true);
		String token = this.fixtures.token(Role.HOST, host.id());
		SkuView first = this.fixtures.skuInStock(100, 5);
		SkuView second = this.fixtures.skuInStock(100, 5);
		SessionView session = create(token);
		for (SkuView sku : new SkuView[] { first, second }) {
			call("POST", token, "/api/v1/host/sessions/" + session.id() + "/lineup",
					Map.of("skuId", sku.id(), "sessionPriceFen", 90, "quota", 2, "perBuyerLimit", 1))
				.expectStatus()
				.isCreated();
		}
		SessionView stored = call("GET", token, "/api/v1/host/sessions/" + session.id(), null)
			.expectBody(SessionView.class)
			.returnResult()
			.getResponseBody();
		for (LineupItemView item : stored.lineup()) {
			call("POST", token, "/api/v1/host/sessions/" + session.id() + "/lineup/" + item.id() + "/pin", null)
				.expectStatus()
				.isOk();
		}
		SessionView pinned = call("GET", token, "/api/v1/host/sessions/" + session.id(), null)
			.expectBody(SessionView.class)
			.returnResult()
			.getResponseBody();
		assertThat(pinned.lineup()).filteredOn(LineupItemView::pinned)
			.singleElement()
			.extracting(LineupItemView::id)
			.isEqualTo(stored.lineup().get(1).id());
		call("POST", token, "/api/v1/host/sessions/" + session.id() + "/lineup",
				Map.of("skuId", first.id(), "sessionPriceFen", 90, "quota", 2, "perBuyerLimit", 1))
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("DUPLICATE_SKU");
	}

	@Test
	void badSessionInputNamesTheFields() {
		String token = this.fixtures.token(Role.HOST);
		call("POST", token, "/api/v1/host/sessions", Map.of("title", "", "channel", "MYSPACE")).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("channel");
		call("POST", token, "/api/v1/host/sessions", Map.of("title", "")).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[*].field")
			.value((fields) -> assertThat(fields.toString()).contains("title", "channel", "scheduledStart"));
		this.web.get().uri("/api/v1/storefront/sessions?status=ENDED").exchange().expectStatus().isBadRequest();
	}

}
