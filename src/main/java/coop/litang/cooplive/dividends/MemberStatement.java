package coop.litang.cooplive.dividends;

import java.util.List;

import coop.litang.cooplive.shared.Money;

/**
 * One participant's statement of a run, with the calculation spelled out so that anyone
 * can re-derive it: each pool, the participant's weight, the sum of all weights, and the
 * resulting share (largest remainder: within one fen of pool × weight ÷ total).
 *
 * @param year the fiscal year
 * @param runStatus the run's status
 * @param line the participant's line
 * @param surplusFen S
 * @param carriedLossFen L
 * @param providentFundFen P
 * @param distributableFen D
 * @param steps the calculation, one sentence each, in Chinese and English
 */
public record MemberStatement(int year, RunStatus runStatus, DividendRunView.Line line, long surplusFen,
		long carriedLossFen, long providentFundFen, long distributableFen, List<String> steps) {

	static MemberStatement of(DividendRunView run, DividendRunView.Line line) {
		long patronageTotal = run.lines().stream().mapToLong(DividendRunView.Line::patronageWeight).sum();
		long capitalTotal = run.lines().stream().mapToLong(DividendRunView.Line::capitalWeight).sum();
		long providentTotal = run.lines().stream().mapToLong(DividendRunView.Line::providentWeight).sum();
		DividendPolicy policy = run.policy();
		List<String> steps = List.of(
				"本年盈余 S = " + yuan(run.surplusFen()) + "，弥补亏损 L = " + yuan(run.carriedLossFen())
						+ " / year surplus and carried loss",
				"提取公积金 P = floor(" + percent(policy.providentFundRateBp()) + " × (S − L)) = "
						+ yuan(run.providentFundFen()) + " / provident fund",
				"可分配盈余 D = S − L − P = " + yuan(run.distributableFen()) + " / distributable surplus",
				"按交易量返还 R = max(ceil(60% × D), ceil(" + percent(policy.patronageRateBp()) + " × D)) = "
						+ yuan(run.patronagePoolFen()) + " / patronage pool",
				"剩余盈余 C = D − R = " + yuan(run.capitalPoolFen()) + " / remaining surplus",
				"您的交易量 " + line.patronageWeight() + " / 全体 " + patronageTotal + "，返还 " + yuan(line.patronageRefundFen())
						+ " / your transactions of all members, patronage refund",
				"您的股金基数 " + yuan(line.capitalWeight()) + " / 全体 " + yuan(capitalTotal) + "，分红 "
						+ yuan(line.capitalShareFen()) + " / your capital basis of all, capital share",
				"公积金量化 " + line.providentWeight() + " / " + providentTotal + "，记入成员账户 " + yuan(line.providentShareFen())
						+ " / provident share credited to your member account",
				"应付合计 = 返还 + 分红 = " + yuan(line.totalFen()) + " / total paid to you",
				"每份按最大余数法分配，与精确值相差不超过一分 / each share is within one fen of its exact value "
						+ "(largest remainder, ties to the lower member number)");
		return new MemberStatement(run.year(), run.status(), line, run.surplusFen(), run.carriedLossFen(),
				run.providentFundFen(), run.distributableFen(), steps);
	}

	/** A printable page in Chinese with the calculation spelled out. */
	String html() {
		StringBuilder page = new StringBuilder("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">")
			.append("<title>")
			.append(this.year)
			.append("年度盈余分配通知书</title><style>body{font-family:sans-serif;max-width:48em;margin:2em auto}")
			.append("td,th{border-bottom:1px solid #ccc;padding:.3em .6em;text-align:left}</style></head><body>")
			.append("<h1>")
			.append(this.year)
			.append("年度盈余分配通知书</h1><p>成员：")
			.append(escape(this.line.name()))
			.append("（")
			.append(escape(this.line.participant()))
			.append("）</p><table>")
			.append(row("按交易量返还 Patronage refund", yuan(this.line.patronageRefundFen())))
			.append(row("股金分红 Capital share", yuan(this.line.capitalShareFen())))
			.append(row("合计 Total", yuan(this.line.totalFen())))
			.append(row("公积金量化（记入成员账户）Provident share", yuan(this.line.providentShareFen())))
			.append("</table><h2>计算过程 How it was calculated</h2><ol>");
		this.steps.forEach((step) -> page.append("<li>").append(escape(step)).append("</li>"));
		return page.append("</ol><p>分配方案状态：").append(this.runStatus).append("</p></body></html>").toString();
	}

	private static String row(String label, String value) {
		return "<tr><th>" + escape(label) + "</th><td>" + escape(value) + "</td></tr>";
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

	private static String yuan(long fen) {
		return "¥" + Money.fen(fen).decimal();
	}

	private static String percent(int basisPoints) {
		return String.format("%d.%02d%%", basisPoints / 100, basisPoints % 100);
	}

}
