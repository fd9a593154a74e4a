package coop.litang.cooplive.shared;

import java.time.Clock;
import java.time.Instant;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
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

	/**
	 * Changes, the latest first, filtered by each criterion given ({@code null} for any).
	 * @param actor who made them
	 * @param entityKind the kind of thing, such as {@code dividend-run}
	 * @param entityId the thing's id: with a kind, its changes and those of its parts
	 * (such as a run's lines)
	 * @param from at or after
	 * @param to before
	 */
	public Mono<Page<AuditEntryView>> search(String actor, String entityKind, String entityId, Instant from, Instant to,
			PageQuery page) {
		String where = " WHERE (CAST(:actor AS text) IS NULL OR actor = :actor) "
				+ "AND (CAST(:kind AS text) IS NULL OR split_part(subject, ':', 1) = :kind) "
				+ "AND (CAST(:entity AS text) IS NULL OR split_part(subject, ':', 2) = :entity) "
				+ "AND (CAST(:from AS timestamptz) IS NULL OR at >= :from) "
				+ "AND (CAST(:to AS timestamptz) IS NULL OR at < :to)";
		var items = filter(this.db.sql("SELECT id, at, actor, action, subject, before::text AS before_text, "
				+ "after::text AS after_text FROM audit_log" + where + " ORDER BY id DESC LIMIT :limit OFFSET :offset"),
				actor, entityKind, entityId, from, to)
			.bind("limit", page.size())
			.bind("offset", page.offset())
			.map((row) -> {
				String subject = row.get("subject", String.class);
				String[] parts = subject.split(":", 3);
				return new AuditEntryView(row.get("id", Long.class), row.get("at", Instant.class),
						row.get("actor", String.class), row.get("action", String.class), subject, parts[0],
						(parts.length > 1) ? parts[1] : null, tree(row.get("before_text", String.class)),
						tree(row.get("after_text", String.class)));
			})
			.all();
		var count = filter(this.db.sql("SELECT count(*) FROM audit_log" + where), actor, entityKind, entityId, from, to)
			.map((row) -> row.get(0, Long.class))
			.one();
		return Page.read(items, count, page);
	}

	private JsonNode tree(String json) {
		return (json != null) ? this.json.readTree(json) : null;
	}

	private static DatabaseClient.GenericExecuteSpec filter(DatabaseClient.GenericExecuteSpec spec, String actor,
			String kind, String entity, Instant from, Instant to) {
		spec = (actor != null) ? spec.bind("actor", actor) : spec.bindNull("actor", String.class);
		spec = (kind != null) ? spec.bind("kind", kind) : spec.bindNull("kind", String.class);
		spec = (entity != null) ? spec.bind("entity", entity) : spec.bindNull("entity", String.class);
		spec = (from != null) ? spec.bind("from", from) : spec.bindNull("from", Instant.class);
		return (to != null) ? spec.bind("to", to) : spec.bindNull("to", Instant.class);
	}

}
