package coop.litang.cooplive.testing;

import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Reads the service's Prometheus scrape, as Prometheus would: with the scraper's
 * credentials.
 */
public final class Scrapes {

	/** The scraper's password of the dev profile (application-dev.yaml). */
	public static final String DEV_PASSWORD = "cooplive-metrics-development-password";

	private Scrapes() {
	}

	/** The text of {@code /actuator/prometheus}. */
	public static String prometheus(WebTestClient web) {
		return web.mutate()
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(32 * 1024 * 1024))
			.build()
			.get()
			.uri("/actuator/prometheus")
			.headers((headers) -> headers.setBasicAuth("prometheus", DEV_PASSWORD))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

}
