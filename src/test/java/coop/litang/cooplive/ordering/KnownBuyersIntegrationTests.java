package coop.litang.cooplive.ordering;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import coop.litang.cooplive.catalog.SkuView;
import coop.litang.cooplive.identity.Role;
import coop.litang.cooplive.livestream.SessionView;
import coop.litang.cooplive.members.MemberView;
import coop.litang.cooplive.testing.Fixtures;
import coop.litang.cooplive.testing.IntegrationTest;
import coop.litang.cooplive.testing.Orders;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A host looks up a repeat buyer by phone: the name and address of the buyer's latest
 * order in the host's own sessions, never in another host's.
 */
@IntegrationTest
class KnownBuyersIntegrationTests {

	@Autowired
	WebTestClient web;

	@Autowired
	Fixtures fixtures;

	private void hostOrder(String token, UUID sessionId, String phone, String name, String address, String sku) {
		Map<String, Object> body = new HashMap<>();
		body.put("buyer", Map.of("name", name, "phone", phone, "address", address));
		body.put("lines", List.of(Map.of("sku", sku, "quantity", 1)));
		body.put("paymentMethod", "CASH_ON_DELIVERY");
		this.web.post()
			.uri("/api/v1/host/sessions/{id}/orders", sessionId)
			.headers((h) -> h.setBearerAuth(token))
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isCreated();
	}

	private WebTestClient.ResponseSpec lookUp(String token, String phone) {
		return this.web.get()
			.uri("/api/v1/host/buyers/{phone}", phone)
			.headers((h) -> h.setBearerAuth(token))
			.exchange();
	}

	@Test
	void aHostFindsTheLatestNameAndAddressOfTheirOwnBuyer() {
		MemberView host = this.fixtures.member(true);
		String token = this.fixtures.token(Role.HOST, host.id());
		SkuView sku = this.fixtures.skuInStock(5800, 20);
		SessionView first = this.fixtures.liveSession(host.id(), sku.id(), 5000, 10, 5);
		String phone = Fixtures.uniquePhone();
		hostOrder(token, first.id(), phone, "卓玛", "理塘县 高城镇 1号", sku.code());
		// a storefront order in the host's session counts too, and is newer
		var storefront = new HashMap<>(Orders.body(first.id(), phone, sku.code(), 1));
		storefront.put("buyer", Map.of("name", "卓玛 Drolma", "phone", phone, "address", "理塘县 甲洼镇 8号"));
		Orders.accepted(this.web, storefront);

		// typed as a person types it: +86, spaces and dashes
		String typed = "+86 " + phone.substring(0, 3) + "-" + phone.substring(3, 7) + " " + phone.substring(7);
		lookUp(token, typed).expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectBody()
			.jsonPath("$.phone")
			.isEqualTo(phone)
			.jsonPath("$.name")
			.isEqualTo("卓玛 Drolma")
			.jsonPath("$.address")
			.isEqualTo("理塘县 甲洼镇 8号")
			.jsonPath("$.lastOrderedAt")
			.exists();

		// an admin finds them in any host's session
		lookUp(this.fixtures.token(Role.ADMIN), phone).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.name")
			.isEqualTo("卓玛 Drolma");
	}

	@Test
	void aPhoneWithoutOrdersInTheHostsSessionsIsNotFound() {
		String token = this.fixtures.token(Role.HOST);
		lookUp(token, Fixtures.uniquePhone()).expectStatus()
			.isNotFound()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(404)
			.jsonPath("$.code")
			.isEqualTo("NOT_FOUND");
	}

	@Test
	void aHostNeverSeesAnotherHostsBuyer() {
		MemberView owner = this.fixtures.member(true);
		String ownerToken = this.fixtures.token(Role.HOST, owner.id());
		SkuView sku = this.fixtures.skuInStock(5800, 20);
		SessionView session = this.fixtures.liveSession(owner.id(), sku.id(), 5000, 10, 5);
		String phone = Fixtures.uniquePhone();
		hostOrder(ownerToken, session.id(), phone, "扎西", "理塘县 禾尼乡 3号", sku.code());
		lookUp(ownerToken, phone).expectStatus().isOk();

		// another host, with sessions and orders of their own, learns nothing of them
		MemberView other = this.fixtures.member(true);
		String otherToken = this.fixtures.token(Role.HOST, other.id());
		SkuView otherSku = this.fixtures.skuInStock(5800, 20);
		SessionView otherSession = this.fixtures.liveSession(other.id(), otherSku.id(), 5000, 10, 5);
		hostOrder(otherToken, otherSession.id(), Fixtures.uniquePhone(), "央金", "理塘县 村戈乡 5号", otherSku.code());
		lookUp(otherToken, phone).expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("NOT_FOUND")
			.jsonPath("$.detail")
			.value((detail) -> org.assertj.core.api.Assertions.assertThat((String) detail)
				.doesNotContain("扎西")
				.doesNotContain(phone));
		// and a host without any session neither
		lookUp(this.fixtures.token(Role.HOST), phone).expectStatus().isNotFound();
	}

	@Test
	void aBadPhoneIsAProblemNamingTheField() {
		String token = this.fixtures.token(Role.HOST);
		lookUp(token, "12345").expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(400)
			.jsonPath("$.errors[0].field")
			.isEqualTo("phone");
	}

}
