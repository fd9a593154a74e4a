package coop.litang.cooplive.testing;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A test that checks only a status never reads the body: Spring's test client then reads
 * it itself but never releases its buffers (spring-framework#36050), and Netty reports a
 * leak when they are collected, from an event loop's read, as if the service had leaked.
 * {@link WholeResponses} reads and releases every body; with a plain client this class
 * fails on the leak reports ({@link LeakDetection}).
 */
@IntegrationTest
class UnreadResponsesTests {

	@LocalServerPort
	int port;

	@Test
	void answersWhoseBodiesNoTestReadsLeakNothing() {
		WebTestClient client = WholeResponses.bindToServer("http://127.0.0.1:" + this.port)
			.mutate()
			.responseTimeout(Duration.ofSeconds(5))
			.build();
		for (int i = 0; i < 40; i++) {
			client.get()
				.uri("/api/v1/storefront/orders/{id}", UUID.randomUUID())
				.header("X-Order-Token", "forged")
				.exchange()
				.expectStatus()
				.isNotFound();
		}
		client.post()
			.uri("/api/v1/storefront/orders/{id}/cancel", UUID.randomUUID())
			.header("X-Order-Token", "forged")
			.exchange()
			.expectStatus()
			.isNotFound();
	}

}
