package coop.litang.cooplive.dividends;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import coop.litang.cooplive.shared.PageQuery;
import org.springframework.data.annotation.Id;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.data.relational.core.query.Query;
import org.springframework.data.relational.core.query.Update;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.springframework.data.domain.Sort.Order.asc;
import static org.springframework.data.domain.Sort.Order.desc;
import static org.springframework.data.domain.Sort.by;
import static org.springframework.data.relational.core.query.Criteria.where;
import static org.springframework.data.relational.core.query.Query.query;

/**
 * Fiscal periods, policy versions, dividend runs and member account entries in
 * PostgreSQL.
 * <p>
 * Rows that are read and written plainly go through Spring Data's entity template. The
 * statements whose SQL is the point stay explicit: the run lines' {@code unnest} batch,
 * the guarded state changes of a run (supersede, approve, policy version of a draft),
 * copies made in SQL for reversals, the period lock, the self-numbering policy insert,
 * the idempotent payment insert and the append-only account entries.
 */
@Repository
class DividendStore {

	private final R2dbcEntityTemplate template;

	private final DatabaseClient db;

	DividendStore(R2dbcEntityTemplate template) {
		this.template = template;
		this.db = template.getDatabaseClient();
	}

	@Table("fiscal_period")
	record FiscalPeriodRow(@Id UUID id, int year, PeriodStatus status, Long revenueFen, Long costOfGoodsFen,
			Long expensesFen, Long incomeTaxFen, Long surplusFen, long carriedLossFen, Instant createdAt,
			Instant closedAt, String closedBy) {

		static FiscalPeriodRow opened(UUID id, int year, Instant now) {
			return new FiscalPeriodRow(id, year, PeriodStatus.OPEN, null, null, null, null, null, 0, now, null, null);
		}

		FiscalPeriodView toView() {
			return new FiscalPeriodView(this.id, this.year, this.status, this.revenueFen, this.costOfGoodsFen,
					this.expensesFen, this.incomeTaxFen, this.surplusFen, this.carriedLossFen, this.closedAt,
					this.closedBy);
		}

	}

	@Table("dividend_policy")
	record PolicyRow(@Id int version, LocalDate effectiveFrom, int providentRateBp, int patronageRateBp,
			DividendPolicy.PatronageBasis patronageBasis, DividendPolicy.ProvidentBasis providentBasis,
			DividendPolicy.TieBreak tieBreak, String createdBy, Instant createdAt) {

		PolicyVersionView toView() {
			return new PolicyVersionView(this.version, this.effectiveFrom, new DividendPolicy(this.providentRateBp,
					this.patronageRateBp, this.patronageBasis, this.providentBasis, this.tieBreak));
		}

	}

	@Table("dividend_run")
	record RunRow(@Id UUID id, UUID periodId, RunStatus status, RunKind kind, UUID correctsRunId, String reason,
			int providentRateBp, int patronageRateBp, DividendPolicy.PatronageBasis patronageBasis,
			DividendPolicy.ProvidentBasis providentBasis, DividendPolicy.TieBreak tieBreak, long surplusFen,
			long carriedLossFen, long providentFundFen, long distributableFen, long patronagePoolFen,
			long capitalPoolFen, String inputHash, String computedBy, Instant computedAt, String approvedBy,
			Instant approvedAt, Integer policyVersion) {

		static RunRow draft(UUID id, UUID periodId, UUID correctsRunId, DividendPolicy policy,
				DividendCalculation.Result result, String hash, String actor, Instant now) {
			return new RunRow(id, periodId, RunStatus.DRAFT, RunKind.RUN, correctsRunId, null,
					policy.providentFundRateBp(), policy.patronageRateBp(), policy.patronageBasis(),
					policy.providentBasis(), policy.tieBreak(), result.surplusFen(), result.carriedLossFen(),
					result.providentFundFen(), result.distributableFen(), result.patronagePoolFen(),
					result.capitalPoolFen(), hash, actor, now, null, null, null);
		}

		DividendPolicy policy() {
			return new DividendPolicy(this.providentRateBp, this.patronageRateBp, this.patronageBasis,
					this.providentBasis, this.tieBreak);
		}

	}

	@Table("member_account_entry")
	record AccountEntryRow(@Id Long id, UUID memberId, AccountEntryKind kind, long amountFen, LocalDate effectiveOn,
			String reference, Instant createdAt, String createdBy) {

		MemberAccountView.Entry toView() {
			return new MemberAccountView.Entry(this.kind, this.amountFen, this.effectiveOn, this.reference);
		}

	}

	Mono<Void> insertPeriod(UUID id, int year, Instant now) {
		return this.template.insert(FiscalPeriodRow.opened(id, year, now)).then();
	}

	/** Enters the figures of an open period; zero rows once it is closed. */
	Mono<Long> setFigures(UUID id, PeriodFigures figures) {
		return this.template.update(FiscalPeriodRow.class)
			.matching(query(where("id").is(id).and("status").is(PeriodStatus.OPEN)))
			.apply(Update.update("revenueFen", figures.revenueFen())
				.set("costOfGoodsFen", figures.costOfGoodsFen())
				.set("expensesFen", figures.expensesFen())
				.set("incomeTaxFen", figures.incomeTaxFen())
				.set("surplusFen", figures.surplus())
				.set("carriedLossFen", figures.carriedLossFen()));
	}

	/** Closes an open period whose surplus is entered; zero rows otherwise. */
	Mono<Long> close(UUID id, String actor, Instant now) {
		return this.template.update(FiscalPeriodRow.class)
			.matching(query(where("id").is(id).and("status").is(PeriodStatus.OPEN).and("surplusFen").isNotNull()))
			.apply(Update.update("status", PeriodStatus.CLOSED).set("closedAt", now).set("closedBy", actor));
	}

	Mono<FiscalPeriodView> period(UUID id) {
		return this.template.selectOne(query(where("id").is(id)), FiscalPeriodRow.class).map(FiscalPeriodRow::toView);
	}

	Mono<Boolean> yearTaken(int year) {
		return this.template.exists(query(where("year").is(year)), FiscalPeriodRow.class);
	}

	Flux<FiscalPeriodView> periods(PageQuery page) {
		return this.template
			.select(Query.empty().sort(by(desc("year"))).limit(page.size()).offset(page.offset()),
					FiscalPeriodRow.class)
			.map(FiscalPeriodRow::toView);
	}

	Mono<Long> countPeriods() {
		return this.template.count(Query.empty(), FiscalPeriodRow.class);
	}

	/** The last day of the latest closed period, empty while none is closed. */
	private static final String NOT_REVERSED = "NOT EXISTS (SELECT 1 FROM dividend_run x WHERE x.corrects_run_id = r.id "
			+ "AND x.kind = 'REVERSAL' AND x.status = 'APPROVED')";

	/** Whether the period has an approved run that no approved reversal undid. */
	Mono<Boolean> hasApprovedRun(UUID periodId) {
		return this.db
			.sql("SELECT 1 FROM dividend_run r WHERE period_id = :period AND kind = 'RUN' AND status = 'APPROVED' AND "
					+ NOT_REVERSED)
			.bind("period", periodId)
			.map((row) -> true)
			.first()
			.defaultIfEmpty(false);
	}

	/**
	 * The latest approved run of the period that was reversed, which a new run corrects.
	 */
	Mono<UUID> latestReversedRun(UUID periodId) {
		return this.db
			.sql("SELECT r.id FROM dividend_run r WHERE period_id = :period AND kind = 'RUN' AND status = 'APPROVED' "
					+ "AND NOT " + NOT_REVERSED + " ORDER BY approved_at DESC LIMIT 1")
			.bind("period", periodId)
			.map((row) -> row.get(0, UUID.class))
			.first();
	}

	/** Serializes approvals of one period. */
	Mono<Void> lockPeriod(UUID periodId) {
		return this.db.sql("SELECT id FROM fiscal_period WHERE id = :period FOR UPDATE")
			.bind("period", periodId)
			.then();
	}

	Mono<Void> insertReversal(UUID id, UUID originalId, String reason, String actor, Instant now) {
		return this.db
			.sql("INSERT INTO dividend_run (id, period_id, status, kind, corrects_run_id, reason, tie_break, "
					+ "provident_rate_bp, "
					+ "patronage_rate_bp, patronage_basis, provident_basis, surplus_fen, carried_loss_fen, "
					+ "provident_fund_fen, distributable_fen, patronage_pool_fen, capital_pool_fen, input_hash, "
					+ "computed_by, computed_at) SELECT :id, period_id, 'DRAFT', 'REVERSAL', id, :reason, tie_break, "
					+ "provident_rate_bp, patronage_rate_bp, patronage_basis, provident_basis, surplus_fen, "
					+ "carried_loss_fen, provident_fund_fen, distributable_fen, patronage_pool_fen, capital_pool_fen, "
					+ "input_hash, :actor, :now FROM dividend_run WHERE id = :original")
			.bind("id", id)
			.bind("original", originalId)
			.bind("reason", reason)
			.bind("actor", actor)
			.bind("now", now)
			.then()
			.then(this.db
				.sql("INSERT INTO dividend_run_line (run_id, line_no, participant, display_name, patronage_weight, "
						+ "capital_weight, provident_weight, patronage_refund_fen, capital_share_fen, "
						+ "provident_share_fen, total_fen, member_id) SELECT :id, line_no, participant, display_name, "
						+ "patronage_weight, capital_weight, provident_weight, patronage_refund_fen, capital_share_fen, "
						+ "provident_share_fen, total_fen, member_id FROM dividend_run_line WHERE run_id = :original")
				.bind("id", id)
				.bind("original", originalId)
				.then());
	}

	Mono<Void> supersedeDrafts(UUID periodId) {
		return this.db
			.sql("UPDATE dividend_run SET status = 'SUPERSEDED' WHERE period_id = :period AND status = 'DRAFT' "
					+ "AND kind = 'RUN'")
			.bind("period", periodId)
			.then();
	}

	Mono<Void> insertRun(UUID id, UUID periodId, UUID correctsRunId, DividendPolicy policy,
			DividendCalculation.Result result, String hash, String actor, Instant now, List<String> names,
			List<UUID> memberIds) {
		Mono<Void> header = this.template
			.insert(RunRow.draft(id, periodId, correctsRunId, policy, result, hash, actor, now))
			.then();
		List<DividendCalculation.Line> lines = result.lines();
		Mono<Void> rows = this.db
			.sql("INSERT INTO dividend_run_line (run_id, line_no, participant, member_id, display_name, patronage_weight, "
					+ "capital_weight, provident_weight, patronage_refund_fen, capital_share_fen, provident_share_fen, "
					+ "total_fen) SELECT :run, n, k, m, name, pw, cw, vw, r, c, p, t FROM unnest(:ns::int[], :ks::text[], "
					+ ":ms::uuid[], "
					+ ":names::text[], :pws::bigint[], :cws::bigint[], :vws::bigint[], :rs::bigint[], :cs::bigint[], "
					+ ":ps::bigint[], :ts::bigint[]) AS x(n, k, m, name, pw, cw, vw, r, c, p, t)")
			.bind("run", id)
			.bind("ns", java.util.stream.IntStream.rangeClosed(1, lines.size()).boxed().toArray(Integer[]::new))
			.bind("ks", lines.stream().map(DividendCalculation.Line::key).toArray(String[]::new))
			.bind("names", names.toArray(String[]::new))
			.bind("ms", memberIds.toArray(UUID[]::new))
			.bind("pws", lines.stream().map(DividendCalculation.Line::patronageWeight).toArray(Long[]::new))
			.bind("cws", lines.stream().map(DividendCalculation.Line::capitalWeight).toArray(Long[]::new))
			.bind("vws", lines.stream().map(DividendCalculation.Line::providentWeight).toArray(Long[]::new))
			.bind("rs", lines.stream().map(DividendCalculation.Line::patronageRefundFen).toArray(Long[]::new))
			.bind("cs", lines.stream().map(DividendCalculation.Line::capitalShareFen).toArray(Long[]::new))
			.bind("ps", lines.stream().map(DividendCalculation.Line::providentShareFen).toArray(Long[]::new))
			.bind("ts", lines.stream().map(DividendCalculation.Line::totalFen).toArray(Long[]::new))
			.then();
		return header.then(rows);
	}

	/** Approves a draft computed by someone else; zero rows otherwise. */
	Mono<Long> approve(UUID runId, String actor, Instant now) {
		return this.db
			.sql("UPDATE dividend_run SET status = 'APPROVED', approved_by = :actor, approved_at = :now "
					+ "WHERE id = :id AND status = 'DRAFT' AND computed_by <> :actor")
			.bind("id", runId)
			.bind("actor", actor)
			.bind("now", now)
			.fetch()
			.rowsUpdated();
	}

	/** A run's row with its period's year and the approved reversal that undid it. */
	record RunHeader(RunRow run, int year, UUID reversedBy) {

		DividendRunView toView(List<DividendRunView.Line> lines) {
			RunRow run = this.run;
			return new DividendRunView(run.id(), run.periodId(), this.year, run.kind(), run.status(),
					run.correctsRunId(), run.reason(), this.reversedBy, run.policy(), run.surplusFen(),
					run.carriedLossFen(), run.providentFundFen(), run.distributableFen(), run.patronagePoolFen(),
					run.capitalPoolFen(), run.inputHash(), run.computedBy(), run.computedAt(), run.approvedBy(),
					run.approvedAt(), lines);
		}

	}

	Mono<RunHeader> runHeader(UUID runId) {
		return this.db
			.sql("SELECT r.*, f.year, (SELECT x.id FROM dividend_run x WHERE x.corrects_run_id = r.id "
					+ "AND x.kind = 'REVERSAL' AND x.status = 'APPROVED') AS reversed_by "
					+ "FROM dividend_run r JOIN fiscal_period f ON f.id = r.period_id WHERE r.id = :id")
			.bind("id", runId)
			.map((row, metadata) -> new RunHeader(this.template.getConverter().read(RunRow.class, row, metadata),
					row.get("year", Integer.class), row.get("reversed_by", UUID.class)))
			.first();
	}

	/** Every run of a period, the last computed first. */
	Flux<RunSummary> runs(UUID periodId) {
		return this.db
			.sql("SELECT r.id, r.period_id, f.year, r.kind, r.status, r.corrects_run_id, r.reason, r.computed_by, "
					+ "r.computed_at, r.approved_by, r.approved_at, r.input_hash, r.surplus_fen, r.distributable_fen, "
					+ "r.policy_version, (SELECT x.id FROM dividend_run x WHERE x.corrects_run_id = r.id "
					+ "AND x.kind = 'REVERSAL' AND x.status = 'APPROVED') AS reversed_by, "
					+ "(SELECT y.id FROM dividend_run y WHERE y.corrects_run_id = r.id AND y.kind = 'RUN' "
					+ "ORDER BY y.status = 'APPROVED' DESC, y.computed_at DESC LIMIT 1) AS corrected_by, "
					+ "(SELECT count(*) FROM dividend_run_line l WHERE l.run_id = r.id)::int AS line_count "
					+ "FROM dividend_run r JOIN fiscal_period f ON f.id = r.period_id WHERE r.period_id = :period "
					+ "ORDER BY r.computed_at DESC, r.id")
			.bind("period", periodId)
			.map((row) -> new RunSummary(row.get("id", UUID.class), row.get("period_id", UUID.class),
					row.get("year", Integer.class), RunKind.valueOf(row.get("kind", String.class)),
					RunStatus.valueOf(row.get("status", String.class)), row.get("corrects_run_id", UUID.class),
					row.get("reversed_by", UUID.class), row.get("corrected_by", UUID.class),
					row.get("reason", String.class), row.get("computed_by", String.class),
					row.get("computed_at", Instant.class), row.get("approved_by", String.class),
					row.get("approved_at", Instant.class), row.get("input_hash", String.class),
					row.get("surplus_fen", Long.class), row.get("distributable_fen", Long.class),
					row.get("policy_version", Integer.class), row.get("line_count", Integer.class)))
			.all();
	}

	/**
	 * A member's lines in approved runs that no approved reversal undid, the latest year
	 * first.
	 */
	Flux<DividendReceived> received(UUID memberId) {
		return this.db
			.sql("SELECT r.id AS run_id, f.year, l.line_no, l.patronage_refund_fen, l.capital_share_fen, "
					+ "l.provident_share_fen, l.total_fen, r.approved_at, p.reference AS payment_reference, p.paid_at "
					+ "FROM dividend_run_line l JOIN dividend_run r ON r.id = l.run_id "
					+ "JOIN fiscal_period f ON f.id = r.period_id LEFT JOIN dividend_payment p "
					+ "ON p.run_id = l.run_id AND p.line_no = l.line_no WHERE l.member_id = :member "
					+ "AND r.kind = 'RUN' AND r.status = 'APPROVED' AND " + NOT_REVERSED
					+ " ORDER BY f.year DESC, r.approved_at DESC")
			.bind("member", memberId)
			.mapProperties(DividendReceived.class)
			.all();
	}

	Flux<DividendRunView.Line> runLines(UUID runId) {
		return this.db
			.sql("SELECT l.*, l.display_name AS name, p.reference AS payment_reference, p.paid_at "
					+ "FROM dividend_run_line l LEFT JOIN dividend_payment p "
					+ "ON p.run_id = l.run_id AND p.line_no = l.line_no WHERE l.run_id = :id ORDER BY l.line_no")
			.bind("id", runId)
			.mapProperties(DividendRunView.Line.class)
			.all();
	}

	/** Records a line of a run as paid; zero rows when it was already. */
	Mono<Long> markPaid(UUID runId, int lineNo, String reference, String actor, Instant now) {
		return this.db
			.sql("INSERT INTO dividend_payment (run_id, line_no, reference, paid_at, paid_by) "
					+ "VALUES (:run, :line, :reference, :now, :actor) ON CONFLICT DO NOTHING")
			.bind("run", runId)
			.bind("line", lineNo)
			.bind("reference", reference)
			.bind("now", now)
			.bind("actor", actor)
			.fetch()
			.rowsUpdated();
	}

	Mono<Void> insertEntry(UUID memberId, AccountEntryKind kind, long amountFen, LocalDate effectiveOn,
			String reference, String actor, Instant now) {
		return this.db
			.sql("INSERT INTO member_account_entry (member_id, kind, amount_fen, effective_on, reference, created_at, "
					+ "created_by) VALUES (:member, :kind, :amount, :on, :reference, :now, :actor)")
			.bind("member", memberId)
			.bind("kind", kind.name())
			.bind("amount", amountFen)
			.bind("on", effectiveOn)
			.bind("reference", reference)
			.bind("now", now)
			.bind("actor", actor)
			.then();
	}

	/**
	 * Credits (sign +1) or debits (sign −1) the provident shares of a run's lines to
	 * member accounts.
	 */
	Mono<Void> postProvidentShares(UUID linesOfRun, int sign, LocalDate effectiveOn, String reference, String actor,
			Instant now) {
		return this.db
			.sql("INSERT INTO member_account_entry (member_id, kind, amount_fen, effective_on, reference, created_at, "
					+ "created_by) SELECT member_id, 'PROVIDENT_SHARE', :sign * provident_share_fen, :on, :reference, "
					+ ":now, :actor FROM dividend_run_line WHERE run_id = :run AND member_id IS NOT NULL "
					+ "AND provident_share_fen <> 0")
			.bind("run", linesOfRun)
			.bind("sign", sign)
			.bind("on", effectiveOn)
			.bind("reference", reference)
			.bind("now", now)
			.bind("actor", actor)
			.then();
	}

	Flux<MemberAccountView.Entry> entries(UUID memberId, LocalDate asOf) {
		return this.template
			.select(query(where("memberId").is(memberId).and("effectiveOn").lessThanOrEquals(asOf))
				.sort(by(asc("effectiveOn"), asc("id"))), AccountEntryRow.class)
			.map(AccountEntryRow::toView);
	}

	/** Each member's quantified shares (provident, subsidy, donation) up to the day. */
	Flux<Map.Entry<UUID, Long>> quantifiedShares(LocalDate asOf) {
		return this.db
			.sql("SELECT member_id, sum(amount_fen)::bigint AS total FROM member_account_entry "
					+ "WHERE effective_on <= :asOf GROUP BY member_id")
			.bind("asOf", asOf)
			.map((row) -> Map.entry(row.get("member_id", UUID.class), row.get("total", Long.class)))
			.all();
	}

	Mono<Integer> insertPolicy(NewPolicyVersion policy, String actor, Instant now) {
		return this.db
			.sql("INSERT INTO dividend_policy (version, effective_from, provident_rate_bp, patronage_rate_bp, "
					+ "patronage_basis, provident_basis, tie_break, created_by, created_at) SELECT coalesce(max(version), 0) + 1, "
					+ ":from, :pbp, :rbp, :pbasis, :vbasis, :tie, :actor, :now FROM dividend_policy RETURNING version")
			.bind("from", policy.effectiveFrom())
			.bind("pbp", policy.providentFundRateBp())
			.bind("rbp", policy.patronageRateBp())
			.bind("pbasis", policy.patronageBasis().name())
			.bind("vbasis", policy.providentBasis().name())
			.bind("tie",
					((policy.tieBreak() != null) ? policy.tieBreak() : DividendPolicy.TieBreak.MEMBER_NUMBER).name())
			.bind("actor", actor)
			.bind("now", now)
			.map((row) -> row.get(0, Integer.class))
			.one();
	}

	Mono<PolicyVersionView> policy(int version) {
		return this.template.selectOne(query(where("version").is(version)), PolicyRow.class).map(PolicyRow::toView);
	}

	Mono<PolicyVersionView> policyInEffect(LocalDate day) {
		return this.template.select(PolicyRow.class)
			.matching(query(where("effectiveFrom").lessThanOrEquals(day)).sort(by(desc("effectiveFrom"))).limit(1))
			.first()
			.map(PolicyRow::toView);
	}

	Flux<PolicyVersionView> policies() {
		return this.template.select(Query.empty().sort(by(asc("version"))), PolicyRow.class).map(PolicyRow::toView);
	}

	Mono<Void> setRunPolicyVersion(UUID runId, int version) {
		return this.db.sql("UPDATE dividend_run SET policy_version = :v WHERE id = :id AND status = 'DRAFT'")
			.bind("id", runId)
			.bind("v", version)
			.then();
	}

	/** The member household of each member line of a run, by line number. */
	Flux<Map.Entry<Integer, UUID>> lineMembers(UUID runId) {
		return this.db
			.sql("SELECT line_no, member_id FROM dividend_run_line WHERE run_id = :id AND member_id IS NOT NULL")
			.bind("id", runId)
			.map((row) -> Map.entry(row.get("line_no", Integer.class), row.get("member_id", UUID.class)))
			.all();
	}

}
