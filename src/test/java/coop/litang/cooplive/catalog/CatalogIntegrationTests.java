package coop.litang.cooplive.catalog;

import java.util.Map;

import coop.litang.cooplive.identity.Role;
import coop.litang.cooplive.testing.Database;
import coop.litang.cooplive.testing.Fixtures;
import coop.litang.cooplive.testing.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
class CatalogIntegrationTests {

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

	private WebTestClient.ResponseSpec createProduct(String code, String... skuCodes) {
		StringBuilder skus = new StringBuilder();
		for (String sku : skuCodes) {
			if (!skus.isEmpty()) {
				skus.append(',');
			}
			skus.append("{\"code\":\"")
				.append(sku)
				.append("\",\"unit\":\"PIECE\",\"grade\":\"1500 pieces per jin\",")
				.append("\"listPriceFen\":5800}");
		}
		String body = "{\"code\":\"" + code + "\",\"nameZh\":\"理塘虫草\",\"nameEn\":\"Litang cordyceps " + code
				+ "\",\"description\":\"wild, hand-dug\",\"skus\":[" + skus + "]}";
		return this.web.post()
			.uri("/api/v1/admin/products")
			.headers((h) -> h.setBearerAuth(this.admin))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	@Test
	void adminCreatesAProductThatTheStorefrontListsAndFindsByIdOrCode() {
		String code = "CORD" + Fixtures.unique();
		ProductView created = createProduct(code, code + "-PC", code + "-BOX").expectStatus()
			.isCreated()
			.expectBody(ProductView.class)
			.returnResult()
			.getResponseBody();
		assertThat(created.skus()).extracting(SkuView::code).containsExactly(code + "-BOX", code + "-PC");
		assertThat(created.skus()).allSatisfy((sku) -> assertThat(sku.listPriceFen()).isEqualTo(5800));

		this.web.get()
			.uri("/api/v1/storefront/products?q={q}", code)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.totalItems")
			.isEqualTo(1)
			.jsonPath("$.items[0].code")
			.isEqualTo(code)
			.jsonPath("$.items[0].skus.length()")
			.isEqualTo(2);
		this.web.get().uri("/api/v1/storefront/products/{code}", code).exchange().expectStatus().isOk();
		this.web.get()
			.uri("/api/v1/storefront/products/{id}", created.id())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo(code);
	}

	@Test
	void pagesThroughTheStorefrontListWithDefaultAndChosenSizes() {
		String marker = "PAGE" + Fixtures.unique();
		for (int i = 0; i < 3; i++) {
			createProduct(marker + "-" + i).expectStatus().isCreated();
		}
		this.web.get()
			.uri("/api/v1/storefront/products?q={q}&size=2&page=1", marker)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.items.length()")
			.isEqualTo(1)
			.jsonPath("$.items[0].code")
			.isEqualTo(marker + "-2")
			.jsonPath("$.page")
			.isEqualTo(1)
			.jsonPath("$.size")
			.isEqualTo(2)
			.jsonPath("$.totalItems")
			.isEqualTo(3)
			.jsonPath("$.totalPages")
			.isEqualTo(2);
		this.web.get()
			.uri("/api/v1/storefront/products")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.size")
			.isEqualTo(20);
	}

	@Test
	void refusesPageSizesOutOfRangeNamingTheParameter() {
		this.web.get()
			.uri("/api/v1/storefront/products?size=101")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("size");
		this.web.get()
			.uri("/api/v1/storefront/products?page=-1")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("page");
		this.web.get()
			.uri("/api/v1/storefront/products?size=ten")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("size");
	}

	@Test
	void aDuplicateSkuCodeGets409AndStoresNothing() {
		String code = "DUP" + Fixtures.unique();
		createProduct(code, code + "-PC").expectStatus().isCreated();
		long products = Database.count(this.db, "product");
		long skus = Database.count(this.db, "sku");

		createProduct(code + "-OTHER", code + "-PC").expectStatus()
			.isEqualTo(409)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("DUPLICATE_CODE");
		createProduct(code).expectStatus().isEqualTo(409);

		assertThat(Database.count(this.db, "product")).isEqualTo(products);
		assertThat(Database.count(this.db, "sku")).isEqualTo(skus);
	}

	@Test
	void badProductInputNamesEveryOffendingFieldAndStoresNothing() {
		long before = Database.count(this.db, "product");
		this.web.post()
			.uri("/api/v1/admin/products")
			.headers((h) -> h.setBearerAuth(this.admin))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("code", "bad code", "nameZh", "", "skus",
					java.util.List.of(Map.of("code", "OK-1", "unit", "PIECE", "listPriceFen", 0))))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.errors[*].field")
			.value((fields) -> assertThat(fields.toString()).contains("code", "nameZh", "nameEn",
					"skus[0].listPriceFen"));
		assertThat(Database.count(this.db, "product")).isEqualTo(before);
	}

	@Test
	void wrongTypesAndMalformedJsonAreProblemsNotErrors() {
		this.web.post()
			.uri("/api/v1/admin/products")
			.headers((h) -> h.setBearerAuth(this.admin))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(
					"{\"code\":\"X1\",\"nameZh\":\"x\",\"nameEn\":\"x\",\"skus\":[{\"code\":\"X1-A\",\"unit\":\"TON\","
							+ "\"listPriceFen\":100}]}")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("skus[0].unit");
		this.web.post()
			.uri("/api/v1/admin/products")
			.headers((h) -> h.setBearerAuth(this.admin))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"code\": \"X1\", ")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("body");
		this.web.put()
			.uri("/api/v1/admin/products/not-a-uuid")
			.headers((h) -> h.setBearerAuth(this.admin))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("nameZh", "x", "nameEn", "x", "active", true))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("id");
	}

	@Test
	void deactivatedProductsLeaveTheStorefrontButStayForAdmins() {
		String code = "OFF" + Fixtures.unique();
		ProductView created = createProduct(code, code + "-PC").expectBody(ProductView.class)
			.returnResult()
			.getResponseBody();
		this.web.post()
			.uri("/api/v1/admin/products/{id}/deactivate", created.id())
			.headers((h) -> h.setBearerAuth(this.admin))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.active")
			.isEqualTo(false);
		this.web.get().uri("/api/v1/storefront/products/{code}", code).exchange().expectStatus().isNotFound();
		this.web.get()
			.uri("/api/v1/storefront/products?q={q}", code)
			.exchange()
			.expectBody()
			.jsonPath("$.totalItems")
			.isEqualTo(0);
		this.web.get()
			.uri("/api/v1/admin/products/{id}", created.id())
			.headers((h) -> h.setBearerAuth(this.admin))
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void adminEditsAProductAndItsSkus() {
		String code = "EDIT" + Fixtures.unique();
		ProductView created = createProduct(code, code + "-PC").expectBody(ProductView.class)
			.returnResult()
			.getResponseBody();
		this.web.put()
			.uri("/api/v1/admin/products/{id}", created.id())
			.headers((h) -> h.setBearerAuth(this.admin))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("nameZh", "虫草", "nameEn", "Cordyceps", "description", "new", "active", true))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.nameEn")
			.isEqualTo("Cordyceps");
		this.web.put()
			.uri("/api/v1/admin/skus/{id}", created.skus().get(0).id())
			.headers((h) -> h.setBearerAuth(this.admin))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("unit", "BOX", "grade", "box of 10", "listPriceFen", 56000, "active", true))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.listPriceFen")
			.isEqualTo(56000);
		this.web.post()
			.uri("/api/v1/admin/products/{id}/skus", created.id())
			.headers((h) -> h.setBearerAuth(this.admin))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("code", code + "-G", "unit", "GRAM", "listPriceFen", 120))
			.exchange()
			.expectStatus()
			.isCreated();
		this.web.get()
			.uri("/api/v1/storefront/products/{code}", code)
			.exchange()
			.expectBody()
			.jsonPath("$.skus.length()")
			.isEqualTo(2);
	}

	@Test
	void unknownProductsAre404Problems() {
		this.web.get()
			.uri("/api/v1/storefront/products/NO-SUCH-PRODUCT")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		this.web.put()
			.uri("/api/v1/admin/skus/{id}", java.util.UUID.randomUUID())
			.headers((h) -> h.setBearerAuth(this.admin))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("unit", "BOX", "listPriceFen", 1, "active", true))
			.exchange()
			.expectStatus()
			.isNotFound();
	}

}
