package coop.litang.cooplive.payments;

import java.util.UUID;

import coop.litang.cooplive.catalog.SkuView;
import coop.litang.cooplive.ordering.OrderView;
import coop.litang.cooplive.testing.Fixtures;
import coop.litang.cooplive.testing.IntegrationTest;
import coop.litang.cooplive.testing.Orders;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Without a Stripe key, card payment answers a clear 503 and everything else works.
 */
@IntegrationTest
@TestPropertySource(properties = { "cooplive.test.context=no-stripe", "cooplive.stripe.secret-key=",
		"cooplive.stripe.webhook-secret=" })
class CardPaymentsNotConfiguredIntegrationTests {

	@Autowired
	WebTestClient web;

	@Autowired
	Fixtures fixtures;

	@Test
	void cardPaymentAnswers503AndOrdersStillWork() {
		SkuView sku = this.fixtures.skuInStock(1000, 5);
		OrderView order = Orders
			.place(this.web, UUID.randomUUID().toString(), Orders.body(null, Fixtures.uniquePhone(), sku.code(), 1))
			.expectStatus()
			.isCreated()
			.expectBody(OrderView.class)
			.returnResult()
			.getResponseBody();

		this.web.post()
			.uri("/api/v1/storefront/orders/{id}/payment", order.id())
			.header("X-Order-Token", order.accessToken())
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("CARD_PAYMENTS_NOT_CONFIGURED")
			.jsonPath("$.detail")
			.isEqualTo("card payments are not configured");

		this.web.get()
			.uri("/api/v1/storefront/orders/{id}", order.id())
			.header("X-Order-Token", order.accessToken())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("PENDING_PAYMENT");
		// a webhook without a configured secret is refused, not applied
		this.web.post()
			.uri("/api/v1/payments/stripe/webhook")
			.header("Stripe-Signature", "t=1,v1=00")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus()
			.isBadRequest();
	}

}
