package coop.litang.cooplive.members;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import coop.litang.cooplive.shared.PageQuery;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Shareholders and their capital contributions in PostgreSQL.
 */
@Repository
class Shareholders {

	private static final String VIEW = "SELECT s.id, s.kind, s.member_id, s.village_id, "
			+ "coalesce(m.name, v.name_zh) AS display_name, "
			+ "(SELECT coalesce(sum(c.amount_fen), 0)::bigint FROM capital_contribution c WHERE c.shareholder_id = s.id) "
			+ "AS capital_fen FROM shareholder s LEFT JOIN member m ON m.id = s.member_id "
			+ "LEFT JOIN village v ON v.id = s.village_id";

	private final DatabaseClient db;

	Shareholders(DatabaseClient db) {
		this.db = db;
	}

	Mono<Long> insert(UUID id, NewShareholder shareholder, Instant now) {
		ShareholderKind kind = (shareholder.memberId() != null) ? ShareholderKind.MEMBER : ShareholderKind.VILLAGE;
		var spec = this.db
			.sql("INSERT INTO shareholder (id, kind, member_id, village_id, created_at) "
					+ "VALUES (:id, :kind, :memberId, :villageId, :now)")
			.bind("id", id)
			.bind("kind", kind.name());
		spec = (shareholder.memberId() != null) ? spec.bind("memberId", shareholder.memberId())
				: spec.bindNull("memberId", UUID.class);
		spec = (shareholder.villageId() != null) ? spec.bind("villageId", shareholder.villageId())
				: spec.bindNull("villageId", UUID.class);
		return spec.bind("now", now).fetch().rowsUpdated();
	}

	Mono<Boolean> exists(NewShareholder shareholder) {
		String column = (shareholder.memberId() != null) ? "member_id" : "village_id";
		UUID value = (shareholder.memberId() != null) ? shareholder.memberId() : shareholder.villageId();
		return this.db.sql("SELECT 1 FROM shareholder WHERE " + column + " = :value")
			.bind("value", value)
			.map((row) -> true)
			.first()
			.defaultIfEmpty(false);
	}

	Mono<ShareholderView> find(UUID id) {
		return this.db.sql(VIEW + " WHERE s.id = :id").bind("id", id).map(Shareholders::toShareholder).first();
	}

	Flux<ShareholderView> page(PageQuery page) {
		return this.db.sql(VIEW + " ORDER BY s.kind, display_name, s.id LIMIT :limit OFFSET :offset")
			.bind("limit", page.size())
			.bind("offset", page.offset())
			.map(Shareholders::toShareholder)
			.all();
	}

	Mono<Long> count() {
		return this.db.sql("SELECT count(*) FROM shareholder").map((row) -> row.get(0, Long.class)).one();
	}

	Mono<Long> delete(UUID id) {
		return this.db.sql("DELETE FROM shareholder WHERE id = :id").bind("id", id).fetch().rowsUpdated();
	}

	Mono<Long> insertContribution(UUID id, UUID shareholderId, NewContribution contribution, Instant now) {
		return this.db
			.sql("INSERT INTO capital_contribution (id, shareholder_id, amount_fen, contributed_on, source, note, "
					+ "created_at) VALUES (:id, :shareholderId, :amount, :on, :source, :note, :now)")
			.bind("id", id)
			.bind("shareholderId", shareholderId)
			.bind("amount", contribution.amountFen())
			.bind("on", contribution.contributedOn())
			.bind("source", contribution.source().name())
			.bind("note", (contribution.note() != null) ? contribution.note() : "")
			.bind("now", now)
			.fetch()
			.rowsUpdated();
	}

	Flux<ContributionView> contributions(UUID shareholderId) {
		return this.db
			.sql("SELECT * FROM capital_contribution WHERE shareholder_id = :id ORDER BY contributed_on, created_at")
			.bind("id", shareholderId)
			.map(Shareholders::toContribution)
			.all();
	}

	Mono<ContributionView> contribution(UUID id) {
		return this.db.sql("SELECT * FROM capital_contribution WHERE id = :id")
			.bind("id", id)
			.map(Shareholders::toContribution)
			.first();
	}

	Flux<CapitalBasis> capitalBases(LocalDate asOf) {
		return this.db
			.sql("SELECT s.kind, s.member_id, coalesce(m.number, 0) AS number, s.village_id, v.code AS village_code, "
					+ "coalesce(m.name, v.name_zh) AS display_name, (SELECT coalesce(sum(c.amount_fen), 0)::bigint "
					+ "FROM capital_contribution c WHERE c.shareholder_id = s.id AND c.contributed_on <= :asOf) AS capital "
					+ "FROM shareholder s LEFT JOIN member m ON m.id = s.member_id LEFT JOIN village v ON v.id = s.village_id")
			.bind("asOf", asOf)
			.map((row) -> new CapitalBasis(ShareholderKind.valueOf(row.get("kind", String.class)),
					row.get("member_id", UUID.class), row.get("number", Long.class), row.get("village_id", UUID.class),
					row.get("village_code", String.class), row.get("display_name", String.class),
					row.get("capital", Long.class)))
			.all();
	}

	Mono<LocalDate> booksClosedThrough() {
		return this.db.sql("SELECT through_date FROM books_closed WHERE id = 1")
			.map((row) -> row.get(0, LocalDate.class))
			.first();
	}

	Mono<Void> closeBooksThrough(LocalDate day) {
		return this.db
			.sql("INSERT INTO books_closed (id, through_date) VALUES (1, :day) ON CONFLICT (id) DO UPDATE "
					+ "SET through_date = GREATEST(books_closed.through_date, EXCLUDED.through_date)")
			.bind("day", day)
			.then();
	}

	private static ShareholderView toShareholder(Readable row) {
		return new ShareholderView(row.get("id", UUID.class), ShareholderKind.valueOf(row.get("kind", String.class)),
				row.get("member_id", UUID.class), row.get("village_id", UUID.class),
				row.get("display_name", String.class), row.get("capital_fen", Long.class));
	}

	private static ContributionView toContribution(Readable row) {
		return new ContributionView(row.get("id", UUID.class), row.get("shareholder_id", UUID.class),
				row.get("amount_fen", Long.class), row.get("contributed_on", LocalDate.class),
				ContributionSource.valueOf(row.get("source", String.class)), row.get("note", String.class));
	}

}
