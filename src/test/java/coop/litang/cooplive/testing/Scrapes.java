package coop.litang.cooplive.testing;

import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Reads the service's Prometheus scrape, as Prometheus would.
 */
public final class Scrapes {

	private Scrapes() {
	}

	/** The text of {@code /actuator/prometheus}. */
	public static String prometheus(WebTestClient web) {
		return web.mutate()
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(32 * 1024 * 1024))
			.build()
			.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

}
