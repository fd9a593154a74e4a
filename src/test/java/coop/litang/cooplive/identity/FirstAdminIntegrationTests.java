package coop.litang.cooplive.identity;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import coop.litang.cooplive.shared.AuditLog;
import coop.litang.cooplive.testing.IntegrationTest;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A real install has no demo users: the first admin comes from the bootstrap settings,
 * once, while no admin exists, and is in the audit log.
 */
@IntegrationTest
@TestPropertySource(properties = { "cooplive.identity.bootstrap-admin.username=first.admin",
		"cooplive.identity.bootstrap-admin.password=a-long-first-password" })
class FirstAdminIntegrationTests {

	@Autowired
	WebTestClient web;

	@Autowired
	DatabaseClient db;

	@Autowired
	IdentityManagement identity;

	@Autowired
	Users users;

	@Autowired
	AuditLog audit;

	@Autowired
	TransactionalOperator transactions;

	@Autowired
	Validator validator;

	@Autowired
	FirstAdmin firstAdmin;

	@Test
	void anEmptyDatabaseGetsItsFirstAdminWhoCanSignIn() {
		this.web.post()
			.uri("/api/v1/auth/token")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", "first.admin", "password", "a-long-first-password"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.accessToken")
			.isNotEmpty();
		assertThat(count("SELECT count(*) FROM audit_log WHERE action = 'user.bootstrap-admin' AND actor = '"
				+ FirstAdmin.ACTOR + "'"))
			.isEqualTo(1);
	}

	@Test
	void whileAnAdminExistsNothingIsCreatedOrChanged(@TempDir Path dir) throws Exception {
		Path file = dir.resolve("password");
		Files.writeString(file, "  another-long-password\n");
		FirstAdmin again = new FirstAdmin(new FirstAdminSettings("second.admin", "", file.toString()), this.identity,
				this.users, this.audit, this.transactions, this.validator);

		assertThat(again.createUnlessAnAdminExists().block()).isFalse();
		assertThat(this.firstAdmin.createUnlessAnAdminExists().block()).isFalse();
		assertThat(count("SELECT count(*) FROM app_user WHERE role = 'ADMIN'")).isEqualTo(1);
		assertThat(count("SELECT count(*) FROM app_user WHERE username = 'second.admin'")).isZero();
	}

	@Test
	void aUsernameWithoutAUsablePasswordStopsTheStart(@TempDir Path dir) {
		FirstAdmin missing = new FirstAdmin(new FirstAdminSettings("x.admin", null, dir.resolve("absent").toString()),
				this.identity, this.users, this.audit, this.transactions, this.validator);
		assertThatIllegalStateException().isThrownBy(missing::createUnlessAnAdminExists)
			.withMessageContaining("cannot read the bootstrap admin's password file");
		FirstAdmin none = new FirstAdmin(new FirstAdminSettings("x.admin", null, null), this.identity, this.users,
				this.audit, this.transactions, this.validator);
		assertThatIllegalStateException().isThrownBy(none::createUnlessAnAdminExists)
			.withMessageContaining("COOPLIVE_BOOTSTRAP_ADMIN_PASSWORD");
		FirstAdmin weak = new FirstAdmin(new FirstAdminSettings("x.admin", "short", null), this.identity, this.users,
				this.audit, this.transactions, this.validator);
		assertThatIllegalStateException().isThrownBy(weak::createUnlessAnAdminExists).withMessageContaining("password");
		FirstAdmin placeholder = new FirstAdmin(
				new FirstAdminSettings("x.admin", "REPLACE_WITH_THE_FIRST_ADMIN_PASSWORD", null), this.identity,
				this.users, this.audit, this.transactions, this.validator);
		assertThatIllegalStateException().isThrownBy(placeholder::createUnlessAnAdminExists)
			.withMessageContaining("placeholder");
	}

	private long count(String sql) {
		return this.db.sql(sql).map((row) -> row.get(0, Long.class)).one().block();
	}

}
