package coop.litang.cooplive.members;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import coop.litang.cooplive.shared.PageQuery;
import org.springframework.data.annotation.Id;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.data.relational.core.query.Query;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.springframework.data.domain.Sort.Order.asc;
import static org.springframework.data.domain.Sort.by;
import static org.springframework.data.relational.core.query.Criteria.where;
import static org.springframework.data.relational.core.query.Query.query;

/**
 * Shareholders and their capital contributions in PostgreSQL. Both tables are written,
 * counted and deleted through Spring Data's entity template; the views that join members
 * and villages and sum capital, and the books-closed upsert, stay explicit SQL.
 */
@Repository
class Shareholders {

	private static final String VIEW = "SELECT s.id, s.kind, s.member_id, s.village_id, "
			+ "coalesce(m.name, v.name_zh) AS display_name, "
			+ "(SELECT coalesce(sum(c.amount_fen), 0)::bigint FROM capital_contribution c WHERE c.shareholder_id = s.id) "
			+ "AS capital_fen FROM shareholder s LEFT JOIN member m ON m.id = s.member_id "
			+ "LEFT JOIN village v ON v.id = s.village_id";

	private final R2dbcEntityTemplate template;

	private final DatabaseClient db;

	Shareholders(R2dbcEntityTemplate template) {
		this.template = template;
		this.db = template.getDatabaseClient();
	}

	@Table("shareholder")
	record ShareholderRow(@Id UUID id, ShareholderKind kind, UUID memberId, UUID villageId, Instant createdAt) {
	}

	@Table("capital_contribution")
	record ContributionRow(@Id UUID id, UUID shareholderId, long amountFen, LocalDate contributedOn,
			ContributionSource source, String note, Instant createdAt) {

		ContributionView toView() {
			return new ContributionView(this.id, this.shareholderId, this.amountFen, this.contributedOn, this.source,
					this.note);
		}

	}

	Mono<Long> insert(UUID id, NewShareholder shareholder, Instant now) {
		ShareholderKind kind = (shareholder.memberId() != null) ? ShareholderKind.MEMBER : ShareholderKind.VILLAGE;
		return this.template.insert(new ShareholderRow(id, kind, shareholder.memberId(), shareholder.villageId(), now))
			.thenReturn(1L);
	}

	Mono<Boolean> exists(NewShareholder shareholder) {
		var holder = (shareholder.memberId() != null) ? where("memberId").is(shareholder.memberId())
				: where("villageId").is(shareholder.villageId());
		return this.template.exists(query(holder), ShareholderRow.class);
	}

	Mono<ShareholderView> find(UUID id) {
		return this.db.sql(VIEW + " WHERE s.id = :id").bind("id", id).mapProperties(ShareholderView.class).first();
	}

	Flux<ShareholderView> page(PageQuery page) {
		return this.db.sql(VIEW + " ORDER BY s.kind, display_name, s.id LIMIT :limit OFFSET :offset")
			.bind("limit", page.size())
			.bind("offset", page.offset())
			.mapProperties(ShareholderView.class)
			.all();
	}

	Mono<Long> count() {
		return this.template.count(Query.empty(), ShareholderRow.class);
	}

	Mono<Long> delete(UUID id) {
		return this.template.delete(query(where("id").is(id)), ShareholderRow.class);
	}

	Mono<Long> insertContribution(UUID id, UUID shareholderId, NewContribution contribution, Instant now) {
		String note = (contribution.note() != null) ? contribution.note() : "";
		return this.template
			.insert(new ContributionRow(id, shareholderId, contribution.amountFen(), contribution.contributedOn(),
					contribution.source(), note, now))
			.thenReturn(1L);
	}

	Flux<ContributionView> contributions(UUID shareholderId) {
		return this.template
			.select(query(where("shareholderId").is(shareholderId)).sort(by(asc("contributedOn"), asc("createdAt"))),
					ContributionRow.class)
			.map(ContributionRow::toView);
	}

	Mono<ContributionView> contribution(UUID id) {
		return this.template.selectOne(query(where("id").is(id)), ContributionRow.class).map(ContributionRow::toView);
	}

	Flux<CapitalBasis> capitalBases(LocalDate asOf) {
		return this.db
			.sql("SELECT s.kind, s.member_id, coalesce(m.number, 0) AS member_number, s.village_id, v.code AS village_code, "
					+ "coalesce(m.name, v.name_zh) AS display_name, (SELECT coalesce(sum(c.amount_fen), 0)::bigint "
					+ "FROM capital_contribution c WHERE c.shareholder_id = s.id AND c.contributed_on <= :asOf) AS capital_fen "
					+ "FROM shareholder s LEFT JOIN member m ON m.id = s.member_id LEFT JOIN village v ON v.id = s.village_id")
			.bind("asOf", asOf)
			.mapProperties(CapitalBasis.class)
			.all();
	}

	// FOR SHARE: a close waits for the transactions that read the closure before it, so
	// none of them records into a year the close froze
	Mono<BooksClosure> booksClosure() {
		return this.db.sql("SELECT through_date FROM books_closed WHERE id = 1 FOR SHARE")
			.map((row) -> new BooksClosure(row.get(0, LocalDate.class)))
			.first()
			.defaultIfEmpty(new BooksClosure(LocalDate.of(1999, 12, 31)));
	}

	// each shareholder by its key in files: the member number, or the village's code
	Flux<Map.Entry<String, ShareholderView>> byKey() {
		return this.db
			.sql("SELECT s.id, s.kind, s.member_id, s.village_id, coalesce(m.name, v.name_zh) AS display_name, "
					+ "coalesce(m.number::text, v.code) AS key, (SELECT coalesce(sum(c.amount_fen), 0)::bigint "
					+ "FROM capital_contribution c WHERE c.shareholder_id = s.id) AS capital_fen "
					+ "FROM shareholder s LEFT JOIN member m ON m.id = s.member_id LEFT JOIN village v ON v.id = s.village_id")
			.map((row) -> Map.entry(row.get("key", String.class),
					new ShareholderView(row.get("id", UUID.class),
							ShareholderKind.valueOf(row.get("kind", String.class)), row.get("member_id", UUID.class),
							row.get("village_id", UUID.class), row.get("display_name", String.class),
							row.get("capital_fen", Long.class))))
			.all();
	}

	Mono<Void> closeBooksThrough(LocalDate day) {
		return this.db
			.sql("INSERT INTO books_closed (id, through_date) VALUES (1, :day) ON CONFLICT (id) DO UPDATE "
					+ "SET through_date = GREATEST(books_closed.through_date, EXCLUDED.through_date)")
			.bind("day", day)
			.then();
	}

}
