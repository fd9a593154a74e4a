package coop.litang.cooplive.identity;

import java.time.Instant;
import java.util.UUID;

import coop.litang.cooplive.shared.PageQuery;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Users in PostgreSQL.
 */
@Repository
class Users {

	private final DatabaseClient db;

	Users(DatabaseClient db) {
		this.db = db;
	}

	record StoredUser(UserView view, String passwordHash, long tokenVersion) {
	}

	/** Whether a user may use their tokens, and of which version. */
	record TokenState(boolean enabled, long version) {
	}

	Mono<TokenState> tokenState(UUID id) {
		return this.db.sql("SELECT enabled, token_version FROM app_user WHERE id = :id")
			.bind("id", id)
			.map((row) -> new TokenState(Boolean.TRUE.equals(row.get("enabled", Boolean.class)),
					row.get("token_version", Long.class)))
			.first();
	}

	Mono<Long> insert(UUID id, NewUser user, String passwordHash, Instant now) {
		var spec = this.db
			.sql("INSERT INTO app_user (id, username, password_hash, role, member_id, enabled, created_at) "
					+ "VALUES (:id, :username, :hash, :role, :memberId, true, :now)")
			.bind("id", id)
			.bind("username", user.username())
			.bind("hash", passwordHash)
			.bind("role", user.role().name())
			.bind("now", now);
		spec = (user.memberId() != null) ? spec.bind("memberId", user.memberId())
				: spec.bindNull("memberId", UUID.class);
		return spec.fetch().rowsUpdated();
	}

	Mono<StoredUser> findByUsername(String username) {
		return this.db.sql("SELECT * FROM app_user WHERE username = :username")
			.bind("username", username)
			.map((row) -> new StoredUser(view(row), row.get("password_hash", String.class),
					row.get("token_version", Long.class)))
			.first();
	}

	Mono<UserView> find(UUID id) {
		return this.db.sql("SELECT * FROM app_user WHERE id = :id").bind("id", id).map(Users::view).first();
	}

	Flux<UserView> page(PageQuery page) {
		return this.db.sql("SELECT * FROM app_user ORDER BY username LIMIT :limit OFFSET :offset")
			.bind("limit", page.size())
			.bind("offset", page.offset())
			.map(Users::view)
			.all();
	}

	Mono<Long> countByRole(Role role) {
		return this.db.sql("SELECT count(*) FROM app_user WHERE role = :role")
			.bind("role", role.name())
			.map((row) -> row.get(0, Long.class))
			.one();
	}

	Mono<Long> count() {
		return this.db.sql("SELECT count(*) FROM app_user").map((row) -> row.get(0, Long.class)).one();
	}

	/** Enabled users of a role other than the given user. */
	Mono<Long> countOthersEnabled(Role role, UUID except) {
		return this.db.sql("SELECT count(*) FROM app_user WHERE role = :role AND enabled AND id <> :id")
			.bind("role", role.name())
			.bind("id", except)
			.map((row) -> row.get(0, Long.class))
			.one();
	}

	Mono<Long> changeRole(UUID id, Role role, UUID memberId) {
		// the tokens issued before carry the old role: they stop working
		var spec = this.db
			.sql("UPDATE app_user SET role = :role, member_id = :member, token_version = token_version + 1 "
					+ "WHERE id = :id")
			.bind("id", id)
			.bind("role", role.name());
		spec = (memberId != null) ? spec.bind("member", memberId) : spec.bindNull("member", UUID.class);
		return spec.fetch().rowsUpdated();
	}

	Mono<Long> setEnabled(UUID id, boolean enabled) {
		// the tokens issued before stop working
		return this.db.sql("UPDATE app_user SET enabled = :enabled, token_version = token_version + 1 WHERE id = :id")
			.bind("id", id)
			.bind("enabled", enabled)
			.fetch()
			.rowsUpdated();
	}

	private static UserView view(Readable row) {
		return new UserView(row.get("id", UUID.class), row.get("username", String.class),
				Role.valueOf(row.get("role", String.class)), row.get("member_id", UUID.class),
				Boolean.TRUE.equals(row.get("enabled", Boolean.class)));
	}

}
