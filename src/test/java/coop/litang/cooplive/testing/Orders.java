package coop.litang.cooplive.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import coop.litang.cooplive.buyers.BuyerTokens;
import coop.litang.cooplive.ordering.OrderView;
import coop.litang.cooplive.shared.PhoneNumber;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Builds order requests the way the storefront sends them.
 */
public final class Orders {

	// mints a buyer token for a phone, as the verification of the phone would: set by
	// each test context's Fixtures (every context shares the dev profile's secret)
	private static volatile BuyerTokens tokens;

	private Orders() {
	}

	static void tokensFrom(BuyerTokens context) {
		tokens = context;
	}

	/**
	 * A buyer token for the phone, as confirming an SMS code gives it; {@code null}
	 * before any test context started.
	 */
	public static String buyerToken(String phone) {
		BuyerTokens minted = tokens;
		return (minted != null) ? minted.issue(PhoneNumber.parse(phone)) : null;
	}

	/** The buyer token for the phone of an order body, as a verified buyer sends it. */
	@SuppressWarnings("unchecked")
	public static String buyerToken(Map<String, Object> body) {
		Object buyer = body.get("buyer");
		Object phone = (buyer instanceof Map<?, ?> fields) ? ((Map<String, Object>) fields).get("phone") : null;
		try {
			return (phone instanceof String text) ? buyerToken(text) : null;
		}
		catch (IllegalArgumentException ex) {
			// not a phone number: the order is refused for it
			return null;
		}
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

	/**
	 * Posts an order to the storefront with the idempotency key, from a buyer who
	 * verified the body's phone.
	 */
	public static WebTestClient.ResponseSpec place(WebTestClient web, String key, Map<String, Object> body) {
		String token = buyerToken(body);
		return web.post().uri("/api/v1/storefront/orders").header("Idempotency-Key", key).headers((headers) -> {
			if (token != null) {
				headers.set(BuyerTokens.HEADER, token);
			}
		}).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
	}

}
