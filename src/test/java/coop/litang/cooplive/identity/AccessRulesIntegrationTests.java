package coop.litang.cooplive.identity;

import java.util.Map;

import coop.litang.cooplive.testing.Fixtures;
import coop.litang.cooplive.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

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
