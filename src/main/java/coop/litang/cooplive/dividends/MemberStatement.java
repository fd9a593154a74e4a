package coop.litang.cooplive.dividends;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * One participant's statement of a run, with the calculation spelled out so that anyone
 * can re-derive it: each pool, the participant's weight, the sum of all weights, and the
 * resulting share (largest remainder: within one fen of pool × weight ÷ total). Figures
 * stay in fen; only the sentences of {@code steps} and the printed page show yuan.
 *
 * @param year the fiscal year
 * @param runStatus the run's status
 * @param line the participant's line
 * @param surplusFen S
 * @param carriedLossFen L
 * @param providentFundFen P
 * @param distributableFen D
 * @param steps the calculation, one sentence each, in Chinese and English
 * @param cooperativeName the cooperative issuing the statement
 * @param runId the run
 * @param runKind a run, or the reversal of one
 * @param reason why a reversal was made; {@code null} for a run
 * @param memberNumber the household's member number; {@code null} for a village
 * @param village the village the household lives in, or the village shareholder itself
 * @param policy the parameters the run used
 * @param patronagePoolFen R
 * @param capitalPoolFen C
 * @param patronageTotal all participants' transaction volumes (fen, or units when the
 * patronage basis is quantity)
 * @param capitalTotal all participants' capital bases, in fen
 * @param providentTotal all participants' provident weights (by the provident basis)
 * @param computedBy the accountant who computed the run
 * @param computedAt when
 * @param approvedBy the second accountant who approved it; {@code null} before
 * @param approvedAt when
 * @param issuedOn the day the statement was made, in Asia/Shanghai
 */
public record MemberStatement(int year, RunStatus runStatus, DividendRunView.Line line, long surplusFen,
		long carriedLossFen, long providentFundFen, long distributableFen, List<String> steps, String cooperativeName,
		UUID runId, RunKind runKind, String reason, Long memberNumber, String village, DividendPolicy policy,
		long patronagePoolFen, long capitalPoolFen, long patronageTotal, long capitalTotal, long providentTotal,
		String computedBy, Instant computedAt, String approvedBy, Instant approvedAt, LocalDate issuedOn) {

	private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
		.withZone(DividendsManagement.COOPERATIVE_ZONE);

	static MemberStatement of(DividendRunView run, DividendRunView.Line line, String cooperativeName, String village,
			LocalDate issuedOn) {
		long patronageTotal = run.lines().stream().mapToLong(DividendRunView.Line::patronageWeight).sum();
		long capitalTotal = run.lines().stream().mapToLong(DividendRunView.Line::capitalWeight).sum();
		long providentTotal = run.lines().stream().mapToLong(DividendRunView.Line::providentWeight).sum();
		DividendPolicy policy = run.policy();
		boolean member = isMember(line);
		boolean byAmount = policy.patronageBasis() == DividendPolicy.PatronageBasis.AMOUNT;
		String volumeZh = byAmount ? "交易额" : "交易数量";
		String volumeEn = byAmount ? "transactions (yuan)" : "quantity delivered";
		boolean providentByCapital = policy.providentBasis() == DividendPolicy.ProvidentBasis.CAPITAL;
		String providentZh = providentByCapital ? "股金基数" : volumeZh;
		String providentEn = providentByCapital ? "capital basis" : volumeEn;
		List<String> steps = List.of(
				"本年盈余 S = " + yuan(run.surplusFen()) + "，弥补以前年度亏损 L = " + yuan(run.carriedLossFen())
						+ " / surplus of the year S, losses carried forward L",
				"提取公积金 P = (S − L) × " + percent(policy.providentFundRateBp()) + "（不足一分舍去）= "
						+ yuan(run.providentFundFen()) + " / provident fund P = (S − L) × "
						+ percent(policy.providentFundRateBp()) + ", rounded down to the fen",
				"可分配盈余 D = S − L − P = " + yuan(run.distributableFen()) + " / distributable surplus D = S − L − P",
				"按交易量返还总额 R = D × " + percent(policy.patronageRateBp()) + "（不低于 60%，不足一分进一）= "
						+ yuan(run.patronagePoolFen()) + " / patronage pool R = D × "
						+ percent(policy.patronageRateBp()) + " (at least 60%, rounded up to the fen)",
				"按股金分红总额 C = D − R = " + yuan(run.capitalPoolFen()) + " / capital pool C = D − R",
				member ? "按交易量返还 = 您的" + volumeZh + " " + volume(line.patronageWeight(), policy) + " ÷ 全体成员" + volumeZh
						+ " " + volume(patronageTotal, policy) + " × R = " + yuan(line.patronageRefundFen())
						+ " / patronage refund = your " + volumeEn + " ÷ all members' " + volumeEn + " × R"
						: "村集体不参与按交易量返还：" + yuan(line.patronageRefundFen())
								+ " / a village shareholder takes no patronage refund",
				"股金分红 = 您的股金基数 " + yuan(line.capitalWeight()) + " ÷ 全体股金基数 " + yuan(capitalTotal) + " × C = "
						+ yuan(line.capitalShareFen())
						+ " / capital share = your capital basis ÷ all capital bases × C",
				member ? "公积金量化 = 您的" + providentZh + " " + provident(line.providentWeight(), policy) + " ÷ 全体成员"
						+ providentZh + " " + provident(providentTotal, policy) + " × P = "
						+ yuan(line.providentShareFen()) + "，记入您的成员账户，不付现金 / provident share = your " + providentEn
						+ " ÷ all members' " + providentEn + " × P, credited to your member account, not paid out"
						: "村集体不参与公积金量化：" + yuan(line.providentShareFen())
								+ " / a village shareholder takes no provident share",
				"应付合计 = 按交易量返还 + 股金分红 = " + yuan(line.totalFen())
						+ " / total paid to you = patronage refund + capital share",
				"每份按最大余数法分配，与精确值相差不超过一分；余数相同时"
						+ ((policy.tieBreak() == DividendPolicy.TieBreak.JOINED_ON) ? "入社早者" : "成员编号小者")
						+ "先得 / each share is within one fen of its exact value (largest remainder, ties to the "
						+ ((policy.tieBreak() == DividendPolicy.TieBreak.JOINED_ON) ? "earlier joiner"
								: "lower member number")
						+ ")");
		return new MemberStatement(run.year(), run.status(), line, run.surplusFen(), run.carriedLossFen(),
				run.providentFundFen(), run.distributableFen(), steps, cooperativeName, run.id(), run.kind(),
				run.reason(), memberNumber(line), village, policy, run.patronagePoolFen(), run.capitalPoolFen(),
				patronageTotal, capitalTotal, providentTotal, run.computedBy(), run.computedAt(), run.approvedBy(),
				run.approvedAt(), issuedOn);
	}

	/** A printable page in Chinese and English with the calculation spelled out. */
	String html() {
		return StatementDocument.xhtml(List.of(this));
	}

	/** The run's status in words, a reversal named as one. */
	String status() {
		String status = switch (this.runStatus) {
			case APPROVED -> "已批准 Approved";
			case DRAFT -> "草稿 Draft";
			case SUPERSEDED -> "已作废 Superseded";
		};
		return (this.runKind == RunKind.REVERSAL) ? "冲销 Reversal · " + status : status;
	}

	/** A name for the statement's file, ASCII only: statement-2025-1001.pdf. */
	String fileName() {
		String who = (this.memberNumber != null) ? Long.toString(this.memberNumber)
				: this.line.participant().replaceFirst("^village:", "village-").replaceAll("[^A-Za-z0-9-]", "");
		return "statement-" + this.year + "-" + who + ".pdf";
	}

	static boolean isMember(DividendRunView.Line line) {
		return line.participant().startsWith("member:");
	}

	static Long memberNumber(DividendRunView.Line line) {
		return isMember(line) ? Long.valueOf(line.participant().substring("member:".length())) : null;
	}

	static String villageCode(DividendRunView.Line line) {
		return line.participant().startsWith("village:") ? line.participant().substring("village:".length()) : null;
	}

	/** Yuan with thousands separators: ¥1,000,000.00. */
	static String yuan(long fen) {
		DecimalFormat format = new DecimalFormat("¥#,##0.00;−¥#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
		return format.format(BigDecimal.valueOf(fen, 2));
	}

	/** A count with thousands separators: 12,000. */
	static String count(long units) {
		return String.format(Locale.ROOT, "%,d", units);
	}

	/** A transaction volume: yuan by amount, a count by quantity. */
	static String volume(long weight, DividendPolicy policy) {
		return (policy.patronageBasis() == DividendPolicy.PatronageBasis.AMOUNT) ? yuan(weight) : count(weight);
	}

	/** A provident weight: a capital basis in yuan, or a transaction volume. */
	static String provident(long weight, DividendPolicy policy) {
		return (policy.providentBasis() == DividendPolicy.ProvidentBasis.CAPITAL) ? yuan(weight)
				: volume(weight, policy);
	}

	static String minutes(Instant at) {
		return (at != null) ? MINUTES.format(at) : "—";
	}

	static String percent(int basisPoints) {
		return String.format(Locale.ROOT, "%d.%02d%%", basisPoints / 100, basisPoints % 100);
	}

}
