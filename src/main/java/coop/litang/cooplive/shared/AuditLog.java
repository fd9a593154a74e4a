package coop.litang.cooplive.shared;

import java.time.Clock;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The append-only record of changes made by admins and accountants: who, what, when, and
 * the state before and after. Written in the caller's transaction, so a change and its
 * record commit together or not at all.
 */
@Component
public class AuditLog {

	private final DatabaseClient db;

	private final JsonMapper json;

	private final Clock clock;

	AuditLog(DatabaseClient db, JsonMapper json, Clock clock) {
		this.db = db;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * Records one change.
	 * @param actor the signed-in user
	 * @param action what was done, such as {@code dividend-run.approve}
	 * @param subject what it was done to, such as {@code dividend-run:<id>}
	 * @param before the state before, or {@code null}
	 * @param after the state after, or {@code null}
	 */
	public Mono<Void> record(String actor, String action, String subject, Object before, Object after) {
		var spec = this.db
			.sql("INSERT INTO audit_log (at, actor, action, subject, before, after) "
					+ "VALUES (:at, :actor, :action, :subject, CAST(:before AS jsonb), CAST(:after AS jsonb))")
			.bind("at", this.clock.instant())
			.bind("actor", actor)
			.bind("action", action)
			.bind("subject", subject);
		spec = (before != null) ? spec.bind("before", this.json.writeValueAsString(before))
				: spec.bindNull("before", String.class);
		spec = (after != null) ? spec.bind("after", this.json.writeValueAsString(after))
				: spec.bindNull("after", String.class);
		return spec.then();
	}

}
