package coop.litang.cooplive.testing;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * A test that checks only a status never reads the body. Spring's test client then keeps
 * the body's buffers unreleased (spring-framework#36050), and Netty reports a leak when
 * they are collected, from an event loop's read, as if the service had leaked. Worse, the
 * client gives a connection back to its pool for a while, and then, after some unread
 * answers on it, no longer: once all of the pool's connections are held, the next request
 * waits for one (Reactor Netty's default wait is 45 s) and is never sent. Through a pool
 * of two connections a plain {@code WebTestClient} stopped within the first 31 such
 * exchanges in each of two tries (at the 23rd and at the 31st), through a pool of eight
 * at the 118th; the default pool, which all of a test run's clients of one server share,
 * holds 16.
 * <p>
 * That is how a test's cancel with a forged token went unanswered for the client's 30 s,
 * once, in a run whose log had such a leak report, while the service had answered
 * everything it was sent: the request never left the client. {@link WholeResponses} reads
 * and releases every body, so no answer holds its connection, and with a plain client
 * this class also fails on the leak reports ({@link LeakDetection}).
 */
@IntegrationTest
class UnreadResponsesTests {

	@LocalServerPort
	int port;

	@Test
	void twoConnectionsCarryAnyNumberOfAnswersNoTestReads() {
		ConnectionProvider two = ConnectionProvider.builder("unread-responses")
			.maxConnections(2)
			.pendingAcquireTimeout(Duration.ofSeconds(2))
			.build();
		try {
			WebTestClient client = WholeResponses
				.bindToServer("http://127.0.0.1:" + this.port, new ReactorClientHttpConnector(HttpClient.create(two)))
				.mutate()
				.responseTimeout(Duration.ofSeconds(5))
				.build();
			// five times what two connections carry with a plain client
			for (int i = 0; i < 150; i++) {
				if (i % 3 == 2) {
					client.post()
						.uri("/api/v1/storefront/orders/{id}/cancel", UUID.randomUUID())
						.header("X-Order-Token", "forged")
						.exchange()
						.expectStatus()
						.isNotFound();
				}
				else {
					client.get()
						.uri("/api/v1/storefront/orders/{id}", UUID.randomUUID())
						.header("X-Order-Token", "forged")
						.exchange()
						.expectStatus()
						.isNotFound();
				}
			}
		}
		finally {
			two.disposeLater().block(Duration.ofSeconds(5));
		}
	}

}
