package coop.litang.cooplive.identity;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import coop.litang.cooplive.catalog.SkuView;
import coop.litang.cooplive.livestream.SessionView;
import coop.litang.cooplive.members.MemberView;
import coop.litang.cooplive.ordering.SessionStatsView;
import coop.litang.cooplive.testing.Fixtures;
import coop.litang.cooplive.testing.IntegrationTest;
import coop.litang.cooplive.testing.SecondInstance;
import coop.litang.cooplive.testing.WholeResponses;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Disabling a user takes their access back before their tokens expire: on every instance
 * within the revocation check (1 s here, 30 s by default), and their open live-stats
 * stream ends.
 */
@IntegrationTest
@TestPropertySource(properties = "cooplive.identity.revocation-check=1s")
class TokenRevocationIntegrationTests {

	@Autowired
	IdentityManagement identity;

	@Autowired
	Fixtures fixtures;

	@Autowired
	WebTestClient web;

	@Autowired
	Environment environment;

	@Autowired
	DatabaseClient db;

	@LocalServerPort
	int port;

	@Test
	void aDisabledHostsTokensAreRefusedOnEveryInstanceAndTheirStreamEnds() throws Exception {
		MemberView member = this.fixtures.member(true);
		String username = "revoked." + Fixtures.unique().toLowerCase();
		UserView host = this.identity.createUser(new NewUser(username, "a-host-password-1", Role.HOST, member.id()))
			.block(Duration.ofSeconds(10));
		String token = signIn(username);
		String admin = this.fixtures.token(Role.ADMIN);
		SkuView sku = this.fixtures.skuInStock(5800, 20);
		SessionView session = this.fixtures.liveSession(member.id(), sku.id(), 5000, 10, 5);
		try (SecondInstance second = new SecondInstance(this.environment)) {
			WebTestClient other = WholeResponses.bindToServer("http://127.0.0.1:" + second.port());
			me(this.web, token).expectStatus().isOk();
			me(other, token).expectStatus().isOk();
			var events = WebClient.create("http://127.0.0.1:" + this.port)
				.get()
				.uri("/api/v1/host/sessions/{id}/stats/stream", session.id())
				.headers((h) -> h.setBearerAuth(token))
				.accept(MediaType.TEXT_EVENT_STREAM)
				.retrieve()
				.bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<SessionStatsView>>() {
				})
				.mapNotNull(ServerSentEvent::data);
			StepVerifier.create(events)
				.assertNext((initial) -> assertThat(initial.orders()).isZero())
				.then(() -> this.web.post()
					.uri("/api/v1/admin/users/{id}/disable", host.id())
					.headers((h) -> h.setBearerAuth(admin))
					.exchange()
					.expectStatus()
					.isOk())
				// the stream ends by itself, well before its ten-second heartbeat
				.expectComplete()
				.verify(Duration.ofSeconds(5));
			// at once on the instance that disabled the user, within the check elsewhere
			me(this.web, token).expectStatus().isUnauthorized();
			awaitStatus(() -> me(other, token), 401, Duration.ofSeconds(5));
			// enabled again, the old token stays withdrawn; a new sign-in works
			this.web.post()
				.uri("/api/v1/admin/users/{id}/enable", host.id())
				.headers((h) -> h.setBearerAuth(admin))
				.exchange()
				.expectStatus()
				.isOk();
			me(this.web, token).expectStatus().isUnauthorized();
			String fresh = signIn(username);
			me(this.web, fresh).expectStatus().isOk();
		}
	}

	@Test
	void aUserGivenAnotherRoleSignsInAgainAndTheChangeIsAudited() throws Exception {
		MemberView member = this.fixtures.member(true);
		String username = "moved." + Fixtures.unique().toLowerCase();
		UserView host = this.identity.createUser(new NewUser(username, "a-host-password-1", Role.HOST, member.id()))
			.block(Duration.ofSeconds(10));
		String token = signIn(username);
		String admin = this.fixtures.token(Role.ADMIN);
		try (SecondInstance second = new SecondInstance(this.environment)) {
			WebTestClient other = WholeResponses.bindToServer("http://127.0.0.1:" + second.port());
			me(other, token).expectStatus().isOk();
			// a host needs its member household, other roles none
			changeRole(host.id(), admin, Map.of("role", "HOST")).expectStatus().isBadRequest();
			assertThat(this.identity.user(host.id()).block(Duration.ofSeconds(10)).role()).isEqualTo(Role.HOST);

			changeRole(host.id(), admin, Map.of("role", "ACCOUNTANT")).expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.role")
				.isEqualTo("ACCOUNTANT")
				.jsonPath("$.memberId")
				.doesNotExist();
			// the host's token is refused at once here, within the check elsewhere
			me(this.web, token).expectStatus().isUnauthorized();
			awaitStatus(() -> me(other, token), 401, Duration.ofSeconds(5));
			String fresh = signIn(username);
			me(this.web, fresh).expectStatus().isOk().expectBody().jsonPath("$.role").isEqualTo("ACCOUNTANT");
			this.web.get()
				.uri("/api/v1/host/sessions")
				.headers((h) -> h.setBearerAuth(fresh))
				.exchange()
				.expectStatus()
				.isForbidden();
			assertThat(this.db
				.sql("SELECT count(*) FROM audit_log WHERE action = 'user.role' AND subject = :subject "
						+ "AND before->>'role' = 'HOST' AND after->>'role' = 'ACCOUNTANT'")
				.bind("subject", "user:" + host.id())
				.map((row) -> row.get(0, Long.class))
				.one()
				.block()).isEqualTo(1);
		}
	}

	private WebTestClient.ResponseSpec changeRole(UUID userId, String admin, Map<String, Object> change) {
		return this.web.put()
			.uri("/api/v1/admin/users/{id}/role", userId)
			.headers((h) -> h.setBearerAuth(admin))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(change)
			.exchange();
	}

	private String signIn(String username) {
		return this.identity.issueToken(new TokenRequest(username, "a-host-password-1"), "test")
			.block(Duration.ofSeconds(10))
			.accessToken();
	}

	private static WebTestClient.ResponseSpec me(WebTestClient client, String token) {
		return client.get().uri("/api/v1/auth/me").headers((h) -> h.setBearerAuth(token)).exchange();
	}

	private static void awaitStatus(Supplier<WebTestClient.ResponseSpec> call, int status, Duration within)
			throws InterruptedException {
		long until = System.nanoTime() + within.toNanos();
		int last = -1;
		while (System.nanoTime() < until) {
			last = call.get().returnResult(String.class).getStatus().value();
			if (last == status) {
				return;
			}
			Thread.sleep(200);
		}
		assertThat(last).as("status within " + within).isEqualTo(status);
	}

}
