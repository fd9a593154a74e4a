package coop.litang.cooplive.shared;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import coop.litang.cooplive.catalog.SkuView;
import coop.litang.cooplive.identity.Role;
import coop.litang.cooplive.livestream.SessionView;
import coop.litang.cooplive.members.MemberView;
import coop.litang.cooplive.ordering.OrderView;
import coop.litang.cooplive.testing.Fixtures;
import coop.litang.cooplive.testing.MutableClock;
import coop.litang.cooplive.testing.Orders;
import coop.litang.cooplive.testing.PostgresThroughProxy;
import coop.litang.cooplive.testing.WholeResponses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What callers see while PostgreSQL is away: the service reaches it through a TCP proxy
 * that this test cuts and refuses (a database restarting), or stalls (packets dropped).
 * Every endpoint answers {@code 503} problem details with a {@code Retry-After}, never a
 * 500 and never silence; nothing is half-written; and the service recovers by itself.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "cooplive.demo.enabled=false", "cooplive.ordering.sweep-interval=1h",
				"cooplive.web.request-timeout=3s", "spring.r2dbc.pool.max-acquire-time=2s" })
@ActiveProfiles("dev")
@AutoConfigureWebTestClient(timeout = "30s")
@ContextConfiguration(initializers = PostgresThroughProxy.class)
@Import({ Fixtures.class, MutableClock.class, WholeResponses.class })
class DatabaseOutageIntegrationTests {

	@Autowired
	WebTestClient web;

	@Autowired
	Fixtures fixtures;

	@AfterEach
	void restore() {
		PostgresThroughProxy.PROXY.stall(false);
		PostgresThroughProxy.PROXY.refuse(false);
		awaitRecovery();
	}

	@Test
	void everyEndpointAnswers503WhileTheDatabaseRefusesConnectionsAndNothingIsHalfWritten() {
		SkuView sku = this.fixtures.skuInStock(5800, 10);
		MemberView hostMember = this.fixtures.member(true);
		SkuView liveSku = this.fixtures.skuInStock(5000, 10);
		SessionView session = this.fixtures.liveSession(hostMember.id(), liveSku.id(), 5000, 5, 2);
		String admin = this.fixtures.token(Role.ADMIN);
		OrderView placed = Orders.accepted(this.web, Orders.body(null, Fixtures.uniquePhone(), sku.code(), 1));
		String phone = Fixtures.uniquePhone();

		PostgresThroughProxy.PROXY.refuse(true);
		PostgresThroughProxy.PROXY.cut();

		Instant started = Instant.now();
		unavailable(Orders.place(this.web, UUID.randomUUID().toString(), Orders.body(null, phone, sku.code(), 2)));
		unavailable(Orders.place(this.web, UUID.randomUUID().toString(),
				Orders.body(session.id(), phone, liveSku.code(), 1)));
		unavailable(this.web.get().uri("/api/v1/storefront/products?size=5").exchange());
		unavailable(this.web.get()
			.uri("/api/v1/storefront/orders/{id}", placed.id())
			.header("X-Order-Token", placed.accessToken())
			.exchange());
		unavailable(this.web.post()
			.uri("/api/v1/storefront/orders/{id}/cancel", placed.id())
			.header("X-Order-Token", placed.accessToken())
			.exchange());
		unavailable(this.web.get()
			.uri("/api/v1/admin/members?size=5")
			.headers((headers) -> headers.setBearerAuth(admin))
			.exchange());
		unavailable(this.web.post()
			.uri("/api/v1/auth/token")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", "nobody", "password", "whatever-it-is"))
			.exchange());
		assertThat(Duration.between(started, Instant.now())).as("seven answers while away")
			.isLessThan(Duration.ofSeconds(20));

		PostgresThroughProxy.PROXY.refuse(false);
		awaitRecovery();
		// the orders refused while away left nothing behind: no order, no hold, no claim
		assertThat(this.fixtures.level(sku.id()).reserved()).isEqualTo(1);
		assertThat(this.fixtures.levelFromLedger(sku.id())).isEqualTo(this.fixtures.level(sku.id()));
		assertThat(this.fixtures.levelFromLedger(liveSku.id())).isEqualTo(this.fixtures.level(liveSku.id()));
		this.web.get()
			.uri("/api/v1/admin/orders?size=100")
			.headers((headers) -> headers.setBearerAuth(admin))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((orders) -> assertThat(orders).doesNotContain(phone));
		assertThat(Orders.accepted(this.web, Orders.body(session.id(), phone, liveSku.code(), 1)).status())
			.hasToString("PENDING_PAYMENT");
	}

	@Test
	void anOutageRaisedBeforeAnyControllerIsA503Too() {
		unavailable(this.web.get().uri(OutsideControllers.PATH).exchange());
	}

	/**
	 * A web filter that finds the database gone, as one reading users or limits would.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class OutsideControllers {

		static final String PATH = "/api/v1/storefront/outage-in-a-filter";

		@Bean
		WebFilter databaseInAFilter() {
			return (exchange, chain) -> PATH.equals(exchange.getRequest().getPath().value())
					? Mono.error(new DataAccessResourceFailureException("Failed to obtain R2DBC Connection"))
					: chain.filter(exchange);
		}

	}

	@Test
	void aStalledDatabaseIsAnsweredWithinTheRequestTimeout() {
		SkuView sku = this.fixtures.skuInStock(5800, 10);
		PostgresThroughProxy.PROXY.stall(true);
		Instant started = Instant.now();
		EntityExchangeResult<String> answer = Orders
			.place(this.web, UUID.randomUUID().toString(), Orders.body(null, Fixtures.uniquePhone(), sku.code(), 1))
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.exists("Retry-After")
			.expectBody(String.class)
			.returnResult();
		assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(6));
		assertThat(answer.getResponseBody()).containsAnyOf("\"REQUEST_TIMEOUT\"", "\"DATABASE_UNAVAILABLE\"");
	}

	private static void unavailable(WebTestClient.ResponseSpec response) {
		response.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.exists("Retry-After")
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo(DatabaseOutage.CODE);
	}

	// the pool reconnects by itself: no restart
	private void awaitRecovery() {
		Instant deadline = Instant.now().plusSeconds(30);
		while (Instant.now().isBefore(deadline)) {
			int status = this.web.method(HttpMethod.GET)
				.uri("/api/v1/storefront/products?size=1")
				.exchange()
				.expectBody(String.class)
				.returnResult()
				.getStatus()
				.value();
			if (status == 200) {
				return;
			}
			try {
				Thread.sleep(200);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		throw new AssertionError("the service did not recover within 30 s after the database came back");
	}

}
