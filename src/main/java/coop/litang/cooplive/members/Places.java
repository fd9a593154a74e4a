package coop.litang.cooplive.members;

import java.util.UUID;

import coop.litang.cooplive.shared.PageQuery;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Townships and villages in PostgreSQL.
 */
@Repository
class Places {

	private final DatabaseClient db;

	Places(DatabaseClient db) {
		this.db = db;
	}

	Mono<Long> saveTownship(UUID id, TownshipDetails township) {
		return this.db
			.sql("INSERT INTO township (id, code, name_zh, name_en) VALUES (:id, :code, :nameZh, :nameEn) "
					+ "ON CONFLICT (id) DO UPDATE SET code = :code, name_zh = :nameZh, name_en = :nameEn")
			.bind("id", id)
			.bind("code", township.code())
			.bind("nameZh", township.nameZh())
			.bind("nameEn", township.nameEn())
			.fetch()
			.rowsUpdated();
	}

	Mono<TownshipView> township(UUID id) {
		return this.db.sql("SELECT * FROM township WHERE id = :id").bind("id", id).map(Places::toTownship).first();
	}

	Mono<UUID> townshipIdByCode(String code) {
		return idByCode("township", code);
	}

	Flux<TownshipView> townships(PageQuery page) {
		return this.db.sql("SELECT * FROM township ORDER BY code LIMIT :limit OFFSET :offset")
			.bind("limit", page.size())
			.bind("offset", page.offset())
			.map(Places::toTownship)
			.all();
	}

	Mono<Long> countTownships() {
		return count("SELECT count(*) FROM township");
	}

	Mono<Long> deleteTownship(UUID id) {
		return this.db.sql("DELETE FROM township WHERE id = :id").bind("id", id).fetch().rowsUpdated();
	}

	Mono<Long> saveVillage(UUID id, VillageDetails village) {
		return this.db
			.sql("INSERT INTO village (id, township_id, code, name_zh, name_en) "
					+ "VALUES (:id, :townshipId, :code, :nameZh, :nameEn) ON CONFLICT (id) DO UPDATE SET "
					+ "township_id = :townshipId, code = :code, name_zh = :nameZh, name_en = :nameEn")
			.bind("id", id)
			.bind("townshipId", village.townshipId())
			.bind("code", village.code())
			.bind("nameZh", village.nameZh())
			.bind("nameEn", village.nameEn())
			.fetch()
			.rowsUpdated();
	}

	Mono<VillageView> village(UUID id) {
		return this.db.sql("SELECT * FROM village WHERE id = :id").bind("id", id).map(Places::toVillage).first();
	}

	Mono<UUID> villageIdByCode(String code) {
		return idByCode("village", code);
	}

	Flux<VillageView> villages(UUID townshipId, PageQuery page) {
		String where = (townshipId != null) ? " WHERE township_id = :townshipId" : "";
		var spec = this.db.sql("SELECT * FROM village" + where + " ORDER BY code LIMIT :limit OFFSET :offset")
			.bind("limit", page.size())
			.bind("offset", page.offset());
		if (townshipId != null) {
			spec = spec.bind("townshipId", townshipId);
		}
		return spec.map(Places::toVillage).all();
	}

	Mono<Long> countVillages(UUID townshipId) {
		if (townshipId == null) {
			return count("SELECT count(*) FROM village");
		}
		return this.db.sql("SELECT count(*) FROM village WHERE township_id = :townshipId")
			.bind("townshipId", townshipId)
			.map((row) -> row.get(0, Long.class))
			.one();
	}

	Mono<Long> deleteVillage(UUID id) {
		return this.db.sql("DELETE FROM village WHERE id = :id").bind("id", id).fetch().rowsUpdated();
	}

	Mono<Boolean> codeTaken(String table, String code, UUID exceptId) {
		return this.db.sql("SELECT 1 FROM " + table + " WHERE code = :code AND id <> :id")
			.bind("code", code)
			.bind("id", exceptId)
			.map((row) -> true)
			.first()
			.defaultIfEmpty(false);
	}

	private Mono<UUID> idByCode(String table, String code) {
		return this.db.sql("SELECT id FROM " + table + " WHERE code = :code")
			.bind("code", code)
			.map((row) -> row.get("id", UUID.class))
			.first();
	}

	private Mono<Long> count(String sql) {
		return this.db.sql(sql).map((row) -> row.get(0, Long.class)).one();
	}

	private static TownshipView toTownship(Readable row) {
		return new TownshipView(row.get("id", UUID.class), row.get("code", String.class),
				row.get("name_zh", String.class), row.get("name_en", String.class));
	}

	private static VillageView toVillage(Readable row) {
		return new VillageView(row.get("id", UUID.class), row.get("township_id", UUID.class),
				row.get("code", String.class), row.get("name_zh", String.class), row.get("name_en", String.class));
	}

}
