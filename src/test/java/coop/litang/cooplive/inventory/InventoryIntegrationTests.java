package coop.litang.cooplive.inventory;

import java.util.Map;

import coop.litang.cooplive.catalog.SkuView;
import coop.litang.cooplive.identity.Role;
import coop.litang.cooplive.members.MemberView;
import coop.litang.cooplive.testing.Database;
import coop.litang.cooplive.testing.Fixtures;
import coop.litang.cooplive.testing.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@IntegrationTest
class InventoryIntegrationTests {

	@Autowired
	WebTestClient web;

	@Autowired
	Fixtures fixtures;

	@Autowired
	DatabaseClient db;

	String admin;

	@BeforeEach
	void signIn() {
		this.admin = this.fixtures.token(Role.ADMIN);
	}

	private WebTestClient.ResponseSpec post(String uri, Object body) {
		return this.web.post().uri(uri).headers((h) -> h.setBearerAuth(this.admin)).bodyValue(body).exchange();
	}

	@Test
	void aStockReceiptRaisesStockAndGetsATraceCodeThatTellsOriginWithoutPersonalData() {
		SkuView sku = this.fixtures.sku(5800);
		MemberView supplier = this.fixtures.member(false);
		StockReceiptView receipt = post("/api/v1/admin/stock-receipts",
				Map.of("skuId", sku.id(), "supplierMemberId", supplier.id(), "originVillageId", supplier.villageId(),
						"quantity", 120, "purchaseValueFen", 300_000, "harvestDate", "2026-06-02"))
			.expectStatus()
			.isCreated()
			.expectBody(StockReceiptView.class)
			.returnResult()
			.getResponseBody();
		assertThat(receipt.traceCode()).matches("[0-9A-Z]{10}");
		assertThat(this.fixtures.level(sku.id())).isEqualTo(StockLevelView.of(sku.id(), 120, 0));

		String trace = this.web.get()
			.uri("/api/v1/storefront/trace/{code}", receipt.traceCode().toLowerCase())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(trace).contains(sku.code(), "测试村", "测试乡", "2026-06-02")
			.doesNotContain(supplier.phone())
			.doesNotContain(supplier.name());
		// the supplier is named once the household agreed to show its name
		this.web.put()
			.uri("/api/v1/admin/members/{id}/disclosure", supplier.id())
			.headers((h) -> h.setBearerAuth(this.admin))
			.bodyValue(Map.of("showName", true, "showVillage", false, "showDeliveries", false))
			.exchange()
			.expectStatus()
			.isOk();
		this.web.get()
			.uri("/api/v1/storefront/trace/{code}", receipt.traceCode())
			.exchange()
			.expectBody()
			.jsonPath("$.supplier")
			.isEqualTo(supplier.name());
		this.web.get().uri("/api/v1/storefront/trace/NOSUCHCODE").exchange().expectStatus().isNotFound();
	}

	@Test
	void onlySupplierMembersDeliverStock() {
		SkuView sku = this.fixtures.sku(100);
		MemberView supplier = this.fixtures.member(false);
		long before = Database.count(this.db, "stock_receipt");
		// a household that is not registered as supplier
		this.web.put()
			.uri("/api/v1/admin/members/{id}", supplier.id())
			.headers((h) -> h.setBearerAuth(this.admin))
			.bodyValue(Map.of("name", supplier.name(), "phone", supplier.phone(), "villageId", supplier.villageId(),
					"supplier", false, "host", false, "joinedOn", "2024-01-01"))
			.exchange()
			.expectStatus()
			.isOk();
		post("/api/v1/admin/stock-receipts",
				Map.of("skuId", sku.id(), "supplierMemberId", supplier.id(), "originVillageId", supplier.villageId(),
						"quantity", 5, "purchaseValueFen", 100, "harvestDate", "2026-06-02"))
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("supplierMemberId");
		post("/api/v1/admin/stock-receipts", Map.of("skuId", sku.id(), "quantity", 0)).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[*].field")
			.value((fields) -> assertThat(fields.toString()).contains("quantity", "supplierMemberId", "originVillageId",
					"harvestDate", "purchaseValueFen"));
		assertThat(Database.count(this.db, "stock_receipt")).isEqualTo(before);
		assertThat(this.fixtures.level(sku.id()).onHand()).isZero();
	}

	@Test
	void adjustmentsNeedAReasonAndCannotTakeStockBelowWhatIsHeld() {
		SkuView sku = this.fixtures.skuInStock(100, 10);
		post("/api/v1/admin/stock/" + sku.id() + "/adjustments", Map.of("delta", -2)).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("reason");
		post("/api/v1/admin/stock/" + sku.id() + "/adjustments", Map.of("delta", -2, "reason", "two pieces broken"))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.onHand")
			.isEqualTo(8);
		this.fixtures.liveSession(this.fixtures.member(true).id(), sku.id(), 90, 6, 2);
		post("/api/v1/admin/stock/" + sku.id() + "/adjustments", Map.of("delta", -3, "reason", "recount"))
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("STOCK_BELOW_RESERVED");
		assertThat(this.fixtures.level(sku.id())).isEqualTo(StockLevelView.of(sku.id(), 8, 6));
		assertThat(this.fixtures.levelFromLedger(sku.id())).isEqualTo(this.fixtures.level(sku.id()));
		this.web.get()
			.uri("/api/v1/admin/stock/{id}/movements", sku.id())
			.headers((h) -> h.setBearerAuth(this.admin))
			.exchange()
			.expectBody()
			.jsonPath("$.totalItems")
			.isEqualTo(3)
			.jsonPath("$.items[0].kind")
			.isEqualTo("RESERVE")
			.jsonPath("$.items[1].kind")
			.isEqualTo("ADJUSTMENT")
			.jsonPath("$.items[1].quantity")
			.isEqualTo(-2)
			.jsonPath("$.items[2].kind")
			.isEqualTo("RECEIPT");
	}

	@Test
	void theLedgerCannotBeRewritten() {
		SkuView sku = this.fixtures.skuInStock(100, 10);
		assertThatThrownBy(() -> this.db.sql("UPDATE stock_movement SET quantity = 99 WHERE sku_id = :id")
			.bind("id", sku.id())
			.then()
			.block()).hasMessageContaining("append-only");
		assertThatThrownBy(
				() -> this.db.sql("DELETE FROM stock_movement WHERE sku_id = :id").bind("id", sku.id()).then().block())
			.hasMessageContaining("append-only");
		assertThatThrownBy(() -> this.db.sql("UPDATE stock_level SET on_hand = -1 WHERE sku_id = :id")
			.bind("id", sku.id())
			.then()
			.block()).hasMessageContaining("check");
	}

}
