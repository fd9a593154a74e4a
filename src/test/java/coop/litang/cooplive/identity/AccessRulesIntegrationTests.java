package coop.litang.cooplive.identity;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import coop.litang.cooplive.testing.Fixtures;
import coop.litang.cooplive.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One endpoint of each group tried with no token, the wrong role and the right role.
 */
@IntegrationTest
class AccessRulesIntegrationTests {

	@Autowired
	WebTestClient web;

	@Autowired
	Fixtures fixtures;

	private WebTestClient.ResponseSpec get(String uri, String token) {
		return this.web.get().uri(uri).headers((h) -> {
			if (token != null) {
				h.setBearerAuth(token);
			}
		}).exchange();
	}

	@Test
	void storefrontIsOpenToEveryone() {
		get("/api/v1/storefront/products", null).expectStatus().isOk();
		get("/api/v1/storefront/products", this.fixtures.token(Role.HOST)).expectStatus().isOk();
	}

	@LocalServerPort
	int port;

	// sent as written, without the client normalizing the path
	private int rawGet(String path) throws Exception {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.getOutputStream()
				.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			String status = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
				.readLine();
			return Integer.parseInt(status.split(" ")[1]);
		}
	}

	@Test
	void theStorefrontDoesNotOpenAWayIntoOtherGroups() throws Exception {
		for (String path : List.of("/api/v1/storefront/../admin/members", "/api/v1/storefront/..%2fadmin/members",
				"/api/v1/storefront/%2e%2e/admin/members", "/api/v1/storefront//../admin/members",
				"/api/v1/storefront/;/../admin/members")) {
			assertThat(rawGet(path)).as(path).isIn(400, 401, 404);
		}
		assertThat(rawGet("/api/v1/storefront/products")).isEqualTo(200);
	}

	@Test
	void adminEndpointsNeedTheAdminRole() {
		get("/api/v1/admin/members", null).expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		get("/api/v1/admin/members", this.fixtures.token(Role.HOST)).expectStatus()
			.isForbidden()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		get("/api/v1/admin/members", this.fixtures.token(Role.ACCOUNTANT)).expectStatus().isForbidden();
		get("/api/v1/admin/members", this.fixtures.token(Role.ADMIN)).expectStatus().isOk();
	}

	@Test
	void adminWritesNeedTheAdminRoleToo() {
		this.web.post()
			.uri("/api/v1/admin/townships")
			.headers((h) -> h.setBearerAuth(this.fixtures.token(Role.ACCOUNTANT)))
			.bodyValue(Map.of("code", "X" + Fixtures.unique(), "nameZh", "x", "nameEn", "x"))
			.exchange()
			.expectStatus()
			.isForbidden();
		this.web.post()
			.uri("/api/v1/admin/townships")
			.bodyValue(Map.of("code", "X" + Fixtures.unique(), "nameZh", "x", "nameEn", "x"))
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	@Test
	void hostEndpointsNeedTheHostRole() {
		get("/api/v1/host/profile", null).expectStatus().isUnauthorized();
		get("/api/v1/host/profile", this.fixtures.token(Role.ACCOUNTANT)).expectStatus().isForbidden();
		get("/api/v1/host/profile", this.fixtures.token(Role.HOST)).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.host")
			.isEqualTo(true);
		// a host choosing a quota reads a SKU's stock level, and nothing else of the
		// stock
		String sku = this.fixtures.skuInStock(5000, 7).id().toString();
		get("/api/v1/host/stock/" + sku, null).expectStatus().isUnauthorized();
		get("/api/v1/host/stock/" + sku, this.fixtures.token(Role.ACCOUNTANT)).expectStatus().isForbidden();
		get("/api/v1/host/stock/" + sku, this.fixtures.token(Role.HOST)).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.available")
			.isEqualTo(7);
		get("/api/v1/admin/stock/" + sku, this.fixtures.token(Role.HOST)).expectStatus().isForbidden();
	}

	@Test
	void accountingEndpointsNeedTheAccountantRoleOrAdminToRead() {
		get("/api/v1/accounting/shareholders", null).expectStatus().isUnauthorized();
		get("/api/v1/accounting/shareholders", this.fixtures.token(Role.HOST)).expectStatus().isForbidden();
		get("/api/v1/accounting/shareholders", this.fixtures.token(Role.ACCOUNTANT)).expectStatus().isOk();
		get("/api/v1/accounting/shareholders", this.fixtures.token(Role.ADMIN)).expectStatus().isOk();
	}

	@Test
	void aForgedOrExpiredTokenIsRefused() {
		String token = this.fixtures.token(Role.ADMIN);
		String forged = token.substring(0, token.length() - 4) + "AAAA";
		get("/api/v1/admin/members", forged).expectStatus().isUnauthorized();
		get("/api/v1/admin/members", "not-a-jwt").expectStatus().isUnauthorized();
	}

	@Test
	void unknownApiPathsAreClosed() {
		get("/api/v1/nothing-here", null).expectStatus().isUnauthorized();
	}

}
