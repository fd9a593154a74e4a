package coop.litang.cooplive.dividends;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import coop.litang.cooplive.shared.PageQuery;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Fiscal periods and dividend runs in PostgreSQL.
 */
@Repository
class DividendStore {

	private final DatabaseClient db;

	DividendStore(DatabaseClient db) {
		this.db = db;
	}

	Mono<Void> insertPeriod(UUID id, int year, Instant now) {
		return this.db.sql("INSERT INTO fiscal_period (id, year, status, created_at) VALUES (:id, :year, 'OPEN', :now)")
			.bind("id", id)
			.bind("year", year)
			.bind("now", now)
			.then();
	}

	Mono<Long> setFigures(UUID id, PeriodFigures figures) {
		return this.db.sql(
				"UPDATE fiscal_period SET revenue_fen = :revenue, cost_of_goods_fen = :cost, expenses_fen = :expenses, "
						+ "income_tax_fen = :tax, surplus_fen = :surplus, carried_loss_fen = :loss "
						+ "WHERE id = :id AND status = 'OPEN'")
			.bind("id", id)
			.bind("revenue", Parameter.fromOrEmpty(figures.revenueFen(), Long.class))
			.bind("cost", Parameter.fromOrEmpty(figures.costOfGoodsFen(), Long.class))
			.bind("expenses", Parameter.fromOrEmpty(figures.expensesFen(), Long.class))
			.bind("tax", Parameter.fromOrEmpty(figures.incomeTaxFen(), Long.class))
			.bind("surplus", figures.surplus())
			.bind("loss", figures.carriedLossFen())
			.fetch()
			.rowsUpdated();
	}

	Mono<Long> close(UUID id, String actor, Instant now) {
		return this.db
			.sql("UPDATE fiscal_period SET status = 'CLOSED', closed_at = :now, closed_by = :actor "
					+ "WHERE id = :id AND status = 'OPEN' AND surplus_fen IS NOT NULL")
			.bind("id", id)
			.bind("actor", actor)
			.bind("now", now)
			.fetch()
			.rowsUpdated();
	}

	Mono<FiscalPeriodView> period(UUID id) {
		return this.db.sql("SELECT * FROM fiscal_period WHERE id = :id")
			.bind("id", id)
			.map(DividendStore::toPeriod)
			.first();
	}

	Mono<Boolean> yearTaken(int year) {
		return this.db.sql("SELECT 1 FROM fiscal_period WHERE year = :year")
			.bind("year", year)
			.map((row) -> true)
			.first()
			.defaultIfEmpty(false);
	}

	Flux<FiscalPeriodView> periods(PageQuery page) {
		return this.db.sql("SELECT * FROM fiscal_period ORDER BY year DESC LIMIT :limit OFFSET :offset")
			.bind("limit", page.size())
			.bind("offset", page.offset())
			.map(DividendStore::toPeriod)
			.all();
	}

	Mono<Long> countPeriods() {
		return this.db.sql("SELECT count(*) FROM fiscal_period").map((row) -> row.get(0, Long.class)).one();
	}

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
		Mono<Void> header = this.db
			.sql("INSERT INTO dividend_run (id, period_id, status, corrects_run_id, tie_break, provident_rate_bp, "
					+ "patronage_rate_bp, "
					+ "patronage_basis, provident_basis, surplus_fen, carried_loss_fen, provident_fund_fen, "
					+ "distributable_fen, patronage_pool_fen, capital_pool_fen, input_hash, computed_by, computed_at) "
					+ "VALUES (:id, :period, 'DRAFT', :corrects, :tie, :pbp, :rbp, :pbasis, :vbasis, :s, :l, :p, :d, :r, :c, :hash, "
					+ ":actor, :now)")
			.bind("id", id)
			.bind("period", periodId)
			.bind("corrects", Parameter.fromOrEmpty(correctsRunId, UUID.class))
			.bind("tie", policy.tieBreak().name())
			.bind("pbp", policy.providentFundRateBp())
			.bind("rbp", policy.patronageRateBp())
			.bind("pbasis", policy.patronageBasis().name())
			.bind("vbasis", policy.providentBasis().name())
			.bind("s", result.surplusFen())
			.bind("l", result.carriedLossFen())
			.bind("p", result.providentFundFen())
			.bind("d", result.distributableFen())
			.bind("r", result.patronagePoolFen())
			.bind("c", result.capitalPoolFen())
			.bind("hash", hash)
			.bind("actor", actor)
			.bind("now", now)
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

	record RunHeader(UUID id, UUID periodId, int year, RunKind kind, RunStatus status, UUID correctsRunId,
			String reason, UUID reversedBy, DividendPolicy policy, long s, long l, long p, long d, long r, long c,
			String hash, String computedBy, Instant computedAt, String approvedBy, Instant approvedAt) {
	}

	Mono<RunHeader> runHeader(UUID runId) {
		return this.db
			.sql("SELECT r.*, f.year, (SELECT x.id FROM dividend_run x WHERE x.corrects_run_id = r.id "
					+ "AND x.kind = 'REVERSAL' AND x.status = 'APPROVED') AS reversed_by "
					+ "FROM dividend_run r JOIN fiscal_period f ON f.id = r.period_id WHERE r.id = :id")
			.bind("id", runId)
			.map((row) -> new RunHeader(row.get("id", UUID.class), row.get("period_id", UUID.class),
					row.get("year", Integer.class), RunKind.valueOf(row.get("kind", String.class)),
					RunStatus.valueOf(row.get("status", String.class)), row.get("corrects_run_id", UUID.class),
					row.get("reason", String.class), row.get("reversed_by", UUID.class),
					new DividendPolicy(row.get("provident_rate_bp", Integer.class),
							row.get("patronage_rate_bp", Integer.class),
							DividendPolicy.PatronageBasis.valueOf(row.get("patronage_basis", String.class)),
							DividendPolicy.ProvidentBasis.valueOf(row.get("provident_basis", String.class)),
							DividendPolicy.TieBreak.valueOf(row.get("tie_break", String.class))),
					row.get("surplus_fen", Long.class), row.get("carried_loss_fen", Long.class),
					row.get("provident_fund_fen", Long.class), row.get("distributable_fen", Long.class),
					row.get("patronage_pool_fen", Long.class), row.get("capital_pool_fen", Long.class),
					row.get("input_hash", String.class), row.get("computed_by", String.class),
					row.get("computed_at", Instant.class), row.get("approved_by", String.class),
					row.get("approved_at", Instant.class)))
			.first();
	}

	Flux<DividendRunView.Line> runLines(UUID runId) {
		return this.db
			.sql("SELECT l.*, p.reference, p.paid_at FROM dividend_run_line l LEFT JOIN dividend_payment p "
					+ "ON p.run_id = l.run_id AND p.line_no = l.line_no WHERE l.run_id = :id ORDER BY l.line_no")
			.bind("id", runId)
			.map((row) -> new DividendRunView.Line(row.get("line_no", Integer.class),
					row.get("participant", String.class), row.get("display_name", String.class),
					row.get("patronage_weight", Long.class), row.get("capital_weight", Long.class),
					row.get("provident_weight", Long.class), row.get("patronage_refund_fen", Long.class),
					row.get("capital_share_fen", Long.class), row.get("provident_share_fen", Long.class),
					row.get("total_fen", Long.class), row.get("reference", String.class),
					row.get("paid_at", Instant.class)))
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

	Flux<UUID> runIds(UUID periodId) {
		return this.db.sql("SELECT id FROM dividend_run WHERE period_id = :period ORDER BY computed_at DESC")
			.bind("period", periodId)
			.map((row) -> row.get("id", UUID.class))
			.all();
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
		return this.db
			.sql("SELECT kind, amount_fen, effective_on, reference FROM member_account_entry "
					+ "WHERE member_id = :member AND effective_on <= :asOf ORDER BY effective_on, id")
			.bind("member", memberId)
			.bind("asOf", asOf)
			.map((row) -> new MemberAccountView.Entry(AccountEntryKind.valueOf(row.get("kind", String.class)),
					row.get("amount_fen", Long.class), row.get("effective_on", LocalDate.class),
					row.get("reference", String.class)))
			.all();
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
		return this.db.sql("SELECT * FROM dividend_policy WHERE version = :v")
			.bind("v", version)
			.map(DividendStore::toPolicy)
			.first();
	}

	Mono<PolicyVersionView> policyInEffect(LocalDate day) {
		return this.db
			.sql("SELECT * FROM dividend_policy WHERE effective_from <= :day ORDER BY effective_from DESC LIMIT 1")
			.bind("day", day)
			.map(DividendStore::toPolicy)
			.first();
	}

	Flux<PolicyVersionView> policies() {
		return this.db.sql("SELECT * FROM dividend_policy ORDER BY version").map(DividendStore::toPolicy).all();
	}

	Mono<Void> setRunPolicyVersion(UUID runId, int version) {
		return this.db.sql("UPDATE dividend_run SET policy_version = :v WHERE id = :id AND status = 'DRAFT'")
			.bind("id", runId)
			.bind("v", version)
			.then();
	}

	private static PolicyVersionView toPolicy(Readable row) {
		return new PolicyVersionView(row.get("version", Integer.class), row.get("effective_from", LocalDate.class),
				new DividendPolicy(row.get("provident_rate_bp", Integer.class),
						row.get("patronage_rate_bp", Integer.class),
						DividendPolicy.PatronageBasis.valueOf(row.get("patronage_basis", String.class)),
						DividendPolicy.ProvidentBasis.valueOf(row.get("provident_basis", String.class)),
						DividendPolicy.TieBreak.valueOf(row.get("tie_break", String.class))));
	}

	/** The last day of the latest closed period, empty while none is closed. */
	Mono<LocalDate> closedThrough() {
		return this.db.sql("SELECT max(year) FROM fiscal_period WHERE status = 'CLOSED'")
			.map((row) -> Optional.ofNullable(row.get(0, Integer.class)))
			.one()
			.flatMap((year) -> Mono.justOrEmpty(year.map((y) -> LocalDate.of(y, 12, 31))));
	}

	private static FiscalPeriodView toPeriod(Readable row) {
		return new FiscalPeriodView(row.get("id", UUID.class), row.get("year", Integer.class),
				PeriodStatus.valueOf(row.get("status", String.class)), row.get("revenue_fen", Long.class),
				row.get("cost_of_goods_fen", Long.class), row.get("expenses_fen", Long.class),
				row.get("income_tax_fen", Long.class), row.get("surplus_fen", Long.class),
				row.get("carried_loss_fen", Long.class), row.get("closed_at", Instant.class),
				row.get("closed_by", String.class));
	}

}
