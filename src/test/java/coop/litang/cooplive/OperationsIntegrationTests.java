package coop.litang.cooplive;

import java.util.List;

import coop.litang.cooplive.testing.IntegrationTest;
import coop.litang.cooplive.testing.Scrapes;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Probes, metrics and the API description an operator and a client developer rely on.
 */
@IntegrationTest
class OperationsIntegrationTests {

	@Autowired
	WebTestClient web;

	@Test
	void readinessIncludesPostgresqlAndRedis() {
		this.web.get()
			.uri("/actuator/health/readiness")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP")
			.jsonPath("$.components.r2dbc.status")
			.isEqualTo("UP")
			.jsonPath("$.components.redis.status")
			.isEqualTo("UP");
		this.web.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
	}

	@Test
	void prometheusShowsHttpServerMetrics() {
		this.web.get().uri("/api/v1/storefront/products").exchange().expectStatus().isOk();
		String scrape = Scrapes.prometheus(this.web);
		assertThat(scrape).contains("http_server_requests_seconds_bucket")
			.contains("uri=\"/api/v1/storefront/products\"");
	}

	@Test
	void openApiDescribesEveryUserGroup() {
		// the whole description is larger than the client's default buffer
		WebTestClient web = this.web.mutate()
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(4 * 1024 * 1024))
			.build();
		web.get()
			.uri("/v3/api-docs/all")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.paths['/api/v1/storefront/products'].get")
			.exists()
			.jsonPath("$.paths['/api/v1/admin/members'].post")
			.exists()
			.jsonPath("$.paths['/api/v1/accounting/imports/{kind}'].post")
			.exists()
			.jsonPath("$.paths['/api/v1/storefront/households/{cardCode}'].get")
			.exists()
			.jsonPath("$.paths['/api/v1/storefront/orders/{id}/payment'].post")
			.exists()
			.jsonPath("$.paths['/api/v1/payments/stripe/webhook'].post")
			.exists()
			.jsonPath("$.paths['/api/v1/host/orders/{id}/refunds'].post")
			.exists()
			// every operation says it may be unavailable, and why
			.jsonPath("$.paths['/api/v1/storefront/orders'].post.responses['503'].content['application/problem+json']")
			.exists()
			.jsonPath("$.paths['/api/v1/admin/members'].get.responses['503'].headers['Retry-After']")
			.exists()
			.jsonPath("$.paths.*.*.responses['503']")
			.value((List<?> unavailable) -> assertThat(unavailable).hasSizeGreaterThan(60))
			// storefront writes say they may be rate limited; reads and other paths do
			// not
			.jsonPath("$.paths['/api/v1/storefront/orders'].post.responses['429'].headers['Retry-After']")
			.exists()
			.jsonPath("$.paths['/api/v1/storefront/orders/{id}/cancel'].post.responses['429']")
			.exists()
			.jsonPath("$.paths['/api/v1/storefront/orders/{id}/payment'].post.responses['429']")
			.exists()
			.jsonPath("$.paths['/api/v1/storefront/orders/{id}'].get.responses['429']")
			.doesNotExist()
			.jsonPath("$.paths['/api/v1/admin/members'].post.responses['429']")
			.doesNotExist()
			// public operations say so; the others take the document's bearer default
			.jsonPath("$.security[0].bearer")
			.exists()
			.jsonPath("$.paths['/api/v1/storefront/orders'].post.security")
			.isArray()
			.jsonPath("$.paths['/api/v1/storefront/orders'].post.security")
			.isEmpty()
			.jsonPath("$.paths['/api/v1/payments/stripe/webhook'].post.security")
			.isArray()
			.jsonPath("$.paths['/api/v1/payments/stripe/webhook'].post.security")
			.isEmpty()
			.jsonPath(
					"$.paths['/api/v1/admin/members/{id}'].delete.responses['401'].content['application/problem+json']"
							+ ".schema['$ref']")
			.isEqualTo("#/components/schemas/Problem")
			// a controller's own codes are kept
			.jsonPath("$.paths['/api/v1/admin/members/{id}'].delete.responses['409'].description")
			.value((String description) -> assertThat(description).startsWith("IN_USE"))
			.jsonPath("$.paths['/api/v1/storefront/orders'].post.responses['409'].description")
			.value((String description) -> assertThat(description).contains("SOLD_OUT"))
			.jsonPath("$.components.schemas.Problem.properties.errors")
			.exists();
		for (String group : new String[] { "storefront", "host", "admin", "accounting", "payments", "auth" }) {
			web.get()
				.uri("/v3/api-docs/{group}", group)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.paths")
				.isNotEmpty();
		}
		this.web.get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
	}

	@Test
	void unknownPagesAre404Problems() {
		this.web.get()
			.uri("/no-such-page")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

}
