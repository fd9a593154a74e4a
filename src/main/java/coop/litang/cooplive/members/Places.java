package coop.litang.cooplive.members;

import java.util.UUID;

import coop.litang.cooplive.shared.PageQuery;
import org.springframework.data.annotation.Id;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.springframework.data.domain.Sort.by;
import static org.springframework.data.relational.core.query.Criteria.where;
import static org.springframework.data.relational.core.query.Query.query;

/**
 * Townships and villages in PostgreSQL: read, counted and deleted through Spring Data's
 * entity template; saved with one upsert statement each, so that creating and editing a
 * place with a given id is a single write.
 */
@Repository
class Places {

	private final R2dbcEntityTemplate template;

	private final DatabaseClient db;

	Places(R2dbcEntityTemplate template) {
		this.template = template;
		this.db = template.getDatabaseClient();
	}

	@Table("township")
	record TownshipRow(@Id UUID id, String code, String nameZh, String nameEn) {

		TownshipView toView() {
			return new TownshipView(this.id, this.code, this.nameZh, this.nameEn);
		}

	}

	@Table("village")
	record VillageRow(@Id UUID id, UUID townshipId, String code, String nameZh, String nameEn) {

		VillageView toView() {
			return new VillageView(this.id, this.townshipId, this.code, this.nameZh, this.nameEn);
		}

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
		return this.template.selectOne(query(where("id").is(id)), TownshipRow.class).map(TownshipRow::toView);
	}

	Mono<UUID> townshipIdByCode(String code) {
		return this.template.selectOne(query(where("code").is(code)), TownshipRow.class).map(TownshipRow::id);
	}

	Flux<TownshipView> townships(PageQuery page) {
		return this.template.select(paged(Criteria.empty(), page), TownshipRow.class).map(TownshipRow::toView);
	}

	Mono<Long> countTownships() {
		return this.template.count(Query.empty(), TownshipRow.class);
	}

	Mono<Long> deleteTownship(UUID id) {
		return this.template.delete(query(where("id").is(id)), TownshipRow.class);
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
		return this.template.selectOne(query(where("id").is(id)), VillageRow.class).map(VillageRow::toView);
	}

	Mono<UUID> villageIdByCode(String code) {
		return this.template.selectOne(query(where("code").is(code)), VillageRow.class).map(VillageRow::id);
	}

	Flux<VillageView> villages(UUID townshipId, PageQuery page) {
		return this.template.select(paged(inTownship(townshipId), page), VillageRow.class).map(VillageRow::toView);
	}

	Mono<Long> countVillages(UUID townshipId) {
		return this.template.count(query(inTownship(townshipId)), VillageRow.class);
	}

	Mono<Long> deleteVillage(UUID id) {
		return this.template.delete(query(where("id").is(id)), VillageRow.class);
	}

	/** Whether another township or village (by {@code table}) has the code. */
	Mono<Boolean> codeTaken(String table, String code, UUID exceptId) {
		Class<?> rows = switch (table) {
			case "township" -> TownshipRow.class;
			case "village" -> VillageRow.class;
			default -> throw new IllegalArgumentException("not a place table: " + table);
		};
		return this.template.exists(query(where("code").is(code).and("id").not(exceptId)), rows);
	}

	private static Criteria inTownship(UUID townshipId) {
		return (townshipId != null) ? where("townshipId").is(townshipId) : Criteria.empty();
	}

	private static Query paged(Criteria criteria, PageQuery page) {
		return query(criteria).sort(by("code")).limit(page.size()).offset(page.offset());
	}

}
