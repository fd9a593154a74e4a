package coop.litang.cooplive.testing;

import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Calls the API as a signed-in user.
 */
public final class Api {

	private Api() {
	}

	/** Sends a request with the bearer token, and a JSON body when one is given. */
	public static WebTestClient.ResponseSpec call(WebTestClient web, String method, String token, String uri,
			Object body) {
		var spec = web.method(HttpMethod.valueOf(method)).uri(uri).headers((h) -> h.setBearerAuth(token));
		return (body != null) ? spec.bodyValue(body).exchange() : spec.exchange();
	}

}
