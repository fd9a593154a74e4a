package coop.litang.cooplive.identity;

import java.util.Map;

import coop.litang.cooplive.members.MemberView;
import coop.litang.cooplive.testing.Database;
import coop.litang.cooplive.testing.Fixtures;
import coop.litang.cooplive.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
class SignInIntegrationTests {

	@Autowired
	WebTestClient web;

	@Autowired
	Fixtures fixtures;

	@Autowired
	DatabaseClient db;

	private UserView createUser(String admin, Object body) {
		return this.web.post()
			.uri("/api/v1/admin/users")
			.headers((h) -> h.setBearerAuth(admin))
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(UserView.class)
			.returnResult()
			.getResponseBody();
	}

	private WebTestClient.ResponseSpec signIn(String username, String password) {
		return this.web.post()
			.uri("/api/v1/auth/token")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", username, "password", password))
			.exchange();
	}

	@Test
	void aUserCreatedByAnAdminSignsInAndSeesThemselves() {
		String admin = this.fixtures.token(Role.ADMIN);
		String username = "acct-" + Fixtures.unique().toLowerCase();
		UserView user = createUser(admin,
				Map.of("username", username, "password", "a-long-password", "role", "ACCOUNTANT"));
		String stored = this.db.sql("SELECT password_hash FROM app_user WHERE id = :id")
			.bind("id", user.id())
			.map((row) -> row.get(0, String.class))
			.one()
			.block();
		assertThat(stored).startsWith("{bcrypt}").doesNotContain("a-long-password");

		TokenResponse token = signIn(username, "a-long-password").expectStatus()
			.isOk()
			.expectBody(TokenResponse.class)
			.returnResult()
			.getResponseBody();
		assertThat(token.tokenType()).isEqualTo("Bearer");
		assertThat(token.expiresIn()).isPositive();
		this.web.get()
			.uri("/api/v1/auth/me")
			.headers((h) -> h.setBearerAuth(token.accessToken()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.username")
			.isEqualTo(username)
			.jsonPath("$.role")
			.isEqualTo("ACCOUNTANT");
	}

	@Test
	void wrongPasswordsUnknownUsersAndDisabledUsersGetTheSame401() {
		String admin = this.fixtures.token(Role.ADMIN);
		String username = "u-" + Fixtures.unique().toLowerCase();
		UserView user = createUser(admin, Map.of("username", username, "password", "a-long-password", "role", "ADMIN"));
		signIn(username, "wrong-password").expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("INVALID_CREDENTIALS");
		signIn("nobody-" + Fixtures.unique().toLowerCase(), "a-long-password").expectStatus().isUnauthorized();
		this.web.post()
			.uri("/api/v1/admin/users/{id}/disable", user.id())
			.headers((h) -> h.setBearerAuth(admin))
			.exchange()
			.expectStatus()
			.isOk();
		signIn(username, "a-long-password").expectStatus().isUnauthorized();
	}

	@Test
	void aHostUserMustBeLinkedToAHostMember() {
		String admin = this.fixtures.token(Role.ADMIN);
		MemberView supplierOnly = this.fixtures.member(false);
		long before = Database.count(this.db, "app_user");
		this.web.post()
			.uri("/api/v1/admin/users")
			.headers((h) -> h.setBearerAuth(admin))
			.bodyValue(Map.of("username", "h-" + Fixtures.unique().toLowerCase(), "password", "a-long-password", "role",
					"HOST"))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("memberIdFitsRole");
		this.web.post()
			.uri("/api/v1/admin/users")
			.headers((h) -> h.setBearerAuth(admin))
			.bodyValue(Map.of("username", "h-" + Fixtures.unique().toLowerCase(), "password", "a-long-password", "role",
					"HOST", "memberId", supplierOnly.id()))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("memberId");
		assertThat(Database.count(this.db, "app_user")).isEqualTo(before);
	}

	@Test
	void aTakenUsernameGets409() {
		String admin = this.fixtures.token(Role.ADMIN);
		String username = "dup-" + Fixtures.unique().toLowerCase();
		createUser(admin, Map.of("username", username, "password", "a-long-password", "role", "ADMIN"));
		this.web.post()
			.uri("/api/v1/admin/users")
			.headers((h) -> h.setBearerAuth(admin))
			.bodyValue(Map.of("username", username, "password", "another-password", "role", "ADMIN"))
			.exchange()
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("DUPLICATE_USERNAME");
	}

	@Test
	void signInWithoutFieldsNamesThem() {
		this.web.post()
			.uri("/api/v1/auth/token")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[*].field")
			.value((fields) -> assertThat(fields.toString()).contains("username", "password"));
	}

	@Test
	void aPasswordLongerThanBcryptReadsIsNamedNotA500() {
		String admin = this.fixtures.token(Role.ADMIN);
		long before = Database.count(this.db, "app_user");
		// 32 Chinese characters are 96 bytes in UTF-8: over bcrypt's 72
		String longPassword = "牦牛虫草羊肚菌青稞理塘格聂甲洼查卡下依阿宗村戈麦洼绒坝禾尼奔戈曲";
		this.web.post()
			.uri("/api/v1/admin/users")
			.headers((h) -> h.setBearerAuth(admin))
			.bodyValue(Map.of("username", "long-" + Fixtures.unique().toLowerCase(), "password", longPassword, "role",
					"ADMIN"))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("password");
		assertThat(Database.count(this.db, "app_user")).isEqualTo(before);
		this.web.post()
			.uri("/api/v1/auth/token")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", "admin", "password", "x".repeat(73)))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("password");
	}

}
