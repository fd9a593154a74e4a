package coop.litang.cooplive.members;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import coop.litang.cooplive.shared.PageQuery;
import coop.litang.cooplive.shared.PhoneNumber;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Member households in PostgreSQL.
 */
@Repository
class Members {

	private final DatabaseClient db;

	Members(DatabaseClient db) {
		this.db = db;
	}

	Mono<Long> insert(UUID id, MemberDetails member, PhoneNumber phone, Instant now) {
		return bindDetails(this.db
			.sql("INSERT INTO member (id, name, phone, village_id, supplier, host, joined_on, created_at, updated_at) "
					+ "VALUES (:id, :name, :phone, :villageId, :supplier, :host, :joinedOn, :now, :now)"),
				id, member, phone, now)
			.fetch()
			.rowsUpdated();
	}

	Mono<Long> update(UUID id, MemberDetails member, PhoneNumber phone, Instant now) {
		return bindDetails(this.db
			.sql("UPDATE member SET name = :name, phone = :phone, village_id = :villageId, supplier = :supplier, "
					+ "host = :host, joined_on = :joinedOn, updated_at = :now WHERE id = :id"),
				id, member, phone, now)
			.fetch()
			.rowsUpdated();
	}

	private static DatabaseClient.GenericExecuteSpec bindDetails(DatabaseClient.GenericExecuteSpec spec, UUID id,
			MemberDetails member, PhoneNumber phone, Instant now) {
		return spec.bind("id", id)
			.bind("name", member.name())
			.bind("phone", phone.value())
			.bind("villageId", member.villageId())
			.bind("supplier", member.supplier())
			.bind("host", member.host())
			.bind("joinedOn", member.joinedOn())
			.bind("now", now);
	}

	Mono<MemberView> find(UUID id) {
		return this.db.sql("SELECT * FROM member WHERE id = :id")
			.bind("id", id)
			.mapProperties(MemberView.class)
			.first();
	}

	Mono<Boolean> phoneTaken(PhoneNumber phone, UUID exceptId) {
		return this.db.sql("SELECT 1 FROM member WHERE phone = :phone AND id <> :id")
			.bind("phone", phone.value())
			.bind("id", exceptId)
			.map((row) -> true)
			.first()
			.defaultIfEmpty(false);
	}

	Flux<MemberView> page(String text, UUID villageId, PageQuery page) {
		var spec = filtered("SELECT * FROM member", text, villageId, " ORDER BY number LIMIT :limit OFFSET :offset")
			.bind("limit", page.size())
			.bind("offset", page.offset());
		return spec.mapProperties(MemberView.class).all();
	}

	Mono<Long> count(String text, UUID villageId) {
		return filtered("SELECT count(*) FROM member", text, villageId, "").map((row) -> row.get(0, Long.class)).one();
	}

	Flux<MemberView> findAll(List<UUID> ids) {
		return this.db.sql("SELECT * FROM member WHERE id = ANY(:ids)")
			.bind("ids", ids.toArray(UUID[]::new))
			.mapProperties(MemberView.class)
			.all();
	}

	Flux<MemberView> findByNumbers(List<Long> numbers) {
		return this.db.sql("SELECT * FROM member WHERE number = ANY(:numbers)")
			.bind("numbers", numbers.toArray(Long[]::new))
			.mapProperties(MemberView.class)
			.all();
	}

	Mono<Long> delete(UUID id) {
		return this.db.sql("DELETE FROM member WHERE id = :id").bind("id", id).fetch().rowsUpdated();
	}

	private DatabaseClient.GenericExecuteSpec filtered(String select, String text, UUID villageId, String tail) {
		List<String> conditions = new ArrayList<>();
		if (text != null) {
			conditions.add("(name ILIKE :text OR phone LIKE :text OR number::text = :exact)");
		}
		if (villageId != null) {
			conditions.add("village_id = :villageId");
		}
		String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
		var spec = this.db.sql(select + where + tail);
		if (text != null) {
			String escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
			spec = spec.bind("text", "%" + escaped + "%").bind("exact", text);
		}
		if (villageId != null) {
			spec = spec.bind("villageId", villageId);
		}
		return spec;
	}

}
