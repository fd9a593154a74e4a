package coop.litang.cooplive.identity;

import coop.litang.cooplive.testing.Fixtures;
import coop.litang.cooplive.testing.IntegrationTest;
import coop.litang.cooplive.testing.Scrapes;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The Prometheus scrape (sales per session) is not public: the scraper's credentials or
 * an admin's token; and a path no rule names is closed.
 */
@IntegrationTest
class ManagementAccessIntegrationTests {

	@Autowired
	WebTestClient web;

	@Autowired
	Fixtures fixtures;

	private WebTestClient.ResponseSpec scrape(java.util.function.Consumer<org.springframework.http.HttpHeaders> auth) {
		return this.web.get().uri("/actuator/prometheus").headers(auth).exchange();
	}

	@Test
	void anAnonymousCallerCannotReadTheScrape() {
		scrape((headers) -> {
		}).expectStatus().isUnauthorized().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
		scrape((headers) -> headers.setBasicAuth("prometheus", "not-the-password-of-the-scraper")).expectStatus()
			.isUnauthorized();
		scrape((headers) -> headers.set("Authorization", "Basic %%%")).expectStatus().isUnauthorized();
	}

	@Test
	void theScraperAndAdminsReadItOtherRolesDoNot() {
		scrape((headers) -> headers.setBasicAuth("prometheus", Scrapes.DEV_PASSWORD)).expectStatus().isOk();
		String admin = this.fixtures.token(Role.ADMIN);
		scrape((headers) -> headers.setBearerAuth(admin)).expectStatus().isOk();
		String host = this.fixtures.token(Role.HOST);
		scrape((headers) -> headers.setBearerAuth(host)).expectStatus()
			.isForbidden()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void probesStayPublicAnEndpointNoRuleNamesIsClosedAndUnknownPagesAre404() {
		this.web.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
		this.web.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
		// the actuator's index is served, and no rule names it
		this.web.get()
			.uri("/actuator")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		String host = this.fixtures.token(Role.HOST);
		this.web.get().uri("/actuator").headers((h) -> h.setBearerAuth(host)).exchange().expectStatus().isForbidden();
		// nothing serves these: a 404 problem for anyone
		this.web.get()
			.uri("/not-a-page-of-cooplive")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		this.web.get().uri("/actuator/env").exchange().expectStatus().isNotFound();
	}

}
