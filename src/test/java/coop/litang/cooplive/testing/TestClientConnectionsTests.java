package coop.litang.cooplive.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The tests' own client connections tell who holds them, and a request that finds every
 * connection held fails within the pool's wait, naming it, instead of waiting silently
 * until the test client gives up.
 */
class TestClientConnectionsTests {

	private HttpServer server;

	private final CountDownLatch answer = new CountDownLatch(1);

	@BeforeEach
	void start() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
		this.server.setExecutor(Executors.newCachedThreadPool());
		// an answer that comes only when the test says so
		this.server.createContext("/slow", (exchange) -> {
			try {
				this.answer.await(60, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.answer.countDown();
		this.server.stop(0);
	}

	@Test
	void aRequestThatFindsEveryConnectionHeldFailsNamingThePoolAndTheHoldersAreNamed() {
		WebClient client = WebClient.builder()
			.baseUrl("http://127.0.0.1:" + this.server.getAddress().getPort())
			.clientConnector(TestClientConnections.connector())
			.build();
		List<Disposable> slow = new ArrayList<>();
		for (int i = 0; i < 16; i++) {
			slow.add(client.get().uri("/slow?n=" + i).retrieve().toBodilessEntity().subscribe());
		}
		try {
			long started = System.nanoTime();
			assertThatThrownBy(() -> client.get().uri("/slow?n=last").retrieve().toBodilessEntity().block())
				.hasStackTraceContaining("Pool#acquire")
				.hasStackTraceContaining("pending for more than the configured timeout");
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
			String described = TestClientConnections.describe();
			assertThat(described).contains("acquired 16");
			for (int i = 0; i < 16; i++) {
				assertThat(described)
					.contains("GET http://127.0.0.1:" + this.server.getAddress().getPort() + "/slow?n=" + i + " on");
			}
		}
		finally {
			this.answer.countDown();
			slow.forEach(Disposable::dispose);
		}
		// once answered, nothing is held for the address
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (TestClientConnections.describe().contains("/slow?n=") && System.nanoTime() < deadline) {
			Mono.delay(Duration.ofMillis(50)).block();
		}
		assertThat(TestClientConnections.describe()).doesNotContain("/slow?n=");
	}

}
