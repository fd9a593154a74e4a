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

	Mono<MemberView> findByCard(String code) {
		return this.db.sql("SELECT * FROM member WHERE card_code = :code")
			.bind("code", code)
			.mapProperties(MemberView.class)
			.first();
	}

	Mono<HouseholdDisclosure> disclosure(UUID id) {
		return this.db.sql("SELECT show_name, show_village, show_deliveries FROM member WHERE id = :id")
			.bind("id", id)
			.map((row) -> new HouseholdDisclosure(row.get("show_name", Boolean.class),
					row.get("show_village", Boolean.class), row.get("show_deliveries", Boolean.class)))
			.first();
	}

	Mono<Long> setDisclosure(UUID id, HouseholdDisclosure disclosure, Instant now) {
		return this.db
			.sql("UPDATE member SET show_name = :name, show_village = :village, show_deliveries = :deliveries, "
					+ "updated_at = :now WHERE id = :id")
			.bind("id", id)
			.bind("name", disclosure.showName())
			.bind("village", disclosure.showVillage())
			.bind("deliveries", disclosure.showDeliveries())
			.bind("now", now)
			.fetch()
			.rowsUpdated();
	}

	Flux<HouseholdPerson> people(UUID id) {
		return this.db.sql("SELECT * FROM household_person WHERE member_id = :id ORDER BY position")
			.bind("id", id)
			.map((row) -> new HouseholdPerson(row.get("name", String.class),
					HouseholdPerson.Relation.valueOf(row.get("relation", String.class)),
					row.get("birth_year", Integer.class)))
			.all();
	}

	// the household's people are replaced as a whole, in the given order
	Mono<Void> setPeople(UUID id, List<HouseholdPerson> people) {
		Mono<Void> clear = this.db.sql("DELETE FROM household_person WHERE member_id = :id").bind("id", id).then();
		if (people.isEmpty()) {
			return clear;
		}
		return clear.then(this.db
			.sql("INSERT INTO household_person (member_id, position, name, relation, birth_year) "
					+ "SELECT :id, p, n, r, y FROM unnest(:positions::int[], :names::text[], :relations::text[], "
					+ ":years::int[]) AS x(p, n, r, y)")
			.bind("id", id)
			.bind("positions", java.util.stream.IntStream.rangeClosed(1, people.size()).boxed().toArray(Integer[]::new))
			.bind("names", people.stream().map(HouseholdPerson::name).map(String::strip).toArray(String[]::new))
			.bind("relations", people.stream().map((p) -> p.relation().name()).toArray(String[]::new))
			.bind("years", people.stream().map(HouseholdPerson::birthYear).toArray(Integer[]::new))
			.then());
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
