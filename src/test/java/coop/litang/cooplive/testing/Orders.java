package coop.litang.cooplive.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import coop.litang.cooplive.ordering.OrderView;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Builds order requests the way the storefront sends them.
 */
public final class Orders {

	private Orders() {
	}

	/** An order body: an optional session, a buyer and SKU/quantity pairs. */
	public static Map<String, Object> body(UUID sessionId, String phone, Object... skuAndQuantity) {
		List<Map<String, Object>> lines = new ArrayList<>();
		for (int i = 0; i < skuAndQuantity.length; i += 2) {
			lines.add(Map.of("sku", skuAndQuantity[i], "quantity", skuAndQuantity[i + 1]));
		}
		Map<String, Object> buyer = Map.of("name", "买家 Buyer", "phone", phone, "address", "理塘县 高城镇 1号");
		return (sessionId != null) ? Map.of("sessionId", sessionId, "buyer", buyer, "lines", lines)
				: Map.of("buyer", buyer, "lines", lines);
	}

	/** Places an order with a new idempotency key and answers it, failing unless 201. */
	public static OrderView accepted(WebTestClient web, Map<String, Object> body) {
		return place(web, UUID.randomUUID().toString(), body).expectStatus()
			.isCreated()
			.expectBody(OrderView.class)
			.returnResult()
			.getResponseBody();
	}

	/** Posts an order to the storefront with the idempotency key. */
	public static WebTestClient.ResponseSpec place(WebTestClient web, String key, Map<String, Object> body) {
		return web.post()
			.uri("/api/v1/storefront/orders")
			.header("Idempotency-Key", key)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

}
