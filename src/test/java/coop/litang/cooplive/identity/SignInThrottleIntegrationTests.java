package coop.litang.cooplive.identity;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import coop.litang.cooplive.catalog.SkuView;
import coop.litang.cooplive.livestream.SessionView;
import coop.litang.cooplive.testing.Fixtures;
import coop.litang.cooplive.testing.IntegrationTest;
import coop.litang.cooplive.testing.Orders;
import coop.litang.cooplive.testing.Race;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Password guessing is slowed down: a username that failed five times is locked for a
 * while (429 with Retry-After, before any password is hashed), and a storm of wrong
 * passwords from one address is answered 429 at once while a live drop on the same
 * instance sells as usual.
 */
@IntegrationTest
class SignInThrottleIntegrationTests {

	@Autowired
	WebTestClient web;

	@Autowired
	Fixtures fixtures;

	@Autowired
	DatabaseClient db;

	@LocalServerPort
	int port;

	private WebTestClient.ResponseSpec signIn(String username, String password) {
		return this.web.post()
			.uri("/api/v1/auth/token")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", username, "password", password))
			.exchange();
	}

	@Test
	void aUsernameThatFailedFiveTimesIsLockedThenFreedAgain() throws Exception {
		String username = "guessed." + Fixtures.unique().toLowerCase();
		this.fixtures.user(username, "the-right-password", Role.ADMIN);
		for (int i = 0; i < 5; i++) {
			signIn(username, "wrong-" + i).expectStatus().isUnauthorized();
		}
		// even the right password waits: the lock is checked before any hashing
		signIn(username, "the-right-password").expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.valueEquals("Retry-After", "1")
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("SIGN_IN_THROTTLED");
		// another username from the same address is not locked by it
		String other = "other." + Fixtures.unique().toLowerCase();
		this.fixtures.user(other, "another-right-password", Role.ACCOUNTANT);
		signIn(other, "another-right-password").expectStatus().isOk();
		Thread.sleep(1_200);
		signIn(username, "the-right-password").expectStatus().isOk();
		// the right password forgets the failures: four more do not lock it again
		for (int i = 0; i < 4; i++) {
			signIn(username, "wrong-again-" + i).expectStatus().isUnauthorized();
		}
		signIn(username, "the-right-password").expectStatus().isOk();
	}

	@Test
	void aStormOfWrongPasswordsGets429sWhileADropKeepsSelling() {
		SkuView sku = this.fixtures.skuInStock(5800, 300);
		SessionView session = this.fixtures.liveSession(this.fixtures.member(true).id(), sku.id(), 5000, 200, 1);
		List<Race.Attempt> buyers = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			buyers.add(new Race.Attempt(this.port, UUID.randomUUID().toString(),
					Orders.body(session.id(), Fixtures.uniquePhone(), sku.code(), 1)));
		}
		ConnectionProvider connections = ConnectionProvider.builder("storm").maxConnections(64).build();
		WebClient client = WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(
					// from an address of its own (Linux answers all of 127/8): the lock
					// it
					// earns must not hold up the other test's sign-ins from 127.0.0.1
					HttpClient.create(connections)
						.bindAddress(() -> new InetSocketAddress("127.0.0.2", 0))
						.responseTimeout(Duration.ofSeconds(30))))
			.build();
		try {
			long start = System.nanoTime();
			CompletableFuture<List<Integer>> storm = Flux.range(0, 1000)
				.flatMap((i) -> client.post()
					.uri("http://127.0.0.1:" + this.port + "/api/v1/auth/token")
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(Map.of("username", "admin" + (i % 50), "password", "guess-" + i))
					.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value())), 64)
				.collectList()
				.toFuture();
			List<Race.Outcome> sold = Race.run(buyers);
			List<Integer> answers = storm.join();
			Duration lasted = Duration.ofNanos(System.nanoTime() - start);

			assertThat(answers).hasSize(1000).allMatch((status) -> status == 401 || status == 429);
			// the address was locked by its twentieth failure, and at most four of its
			// sign-ins are between their check and their counted failure at once: the
			// three besides the twentieth were hashed too. The lock, 1 s at first, opens
			// again 1, 3, 7... s later, and then at most four more are hashed before the
			// next failure locks it for twice as long
			assertThat(answers.stream().filter((status) -> status == 401).count())
				.as("passwords hashed in a storm of %s", lasted)
				.isLessThanOrEqualTo(23 + 4 * reopenings(lasted));
			assertThat(sold).allMatch(Race.Outcome::accepted);
			assertThat(this.db
				.sql("SELECT count(*) FROM orders WHERE session_id = :session AND status = 'PENDING_PAYMENT'")
				.bind("session", session.id())
				.map((row) -> row.get(0, Long.class))
				.one()
				.block()).isEqualTo(200);
		}
		finally {
			connections.dispose();
		}
	}

	// how often a lock of 1 s, doubling with each failure, can have opened again within
	// the time (an upper bound of the time since the address was first locked)
	private static int reopenings(Duration within) {
		int reopenings = 0;
		for (long opensAt = 1_000; opensAt < within.toMillis(); opensAt = 2 * opensAt + 1_000) {
			reopenings++;
		}
		return reopenings;
	}

}
