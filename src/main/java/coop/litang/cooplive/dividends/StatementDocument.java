package coop.litang.cooplive.dividends;

import java.util.List;

/**
 * The members' statements as one well-formed XHTML document, one A4 page each: what a
 * browser shows for {@code statement.html} and what the PDF is rendered from. Chinese
 * first, English beside it; amounts in yuan with thousands separators; a place for the
 * member's signature and the cooperative's seal.
 */
final class StatementDocument {

	/** The fonts the PDF embeds: Latin first, the CJK font for what Latin lacks. */
	static final String LATIN_FONT = "DejaVu Sans";

	static final String CJK_FONT = "Droid Sans Fallback";

	private static final String CSS = """
			@page { size: A4; margin: 14mm 17mm 12mm 17mm; }
			html { font-family: '%s', '%s', 'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Zen Hei', \
			'Microsoft YaHei', sans-serif; font-size: 9.5pt; line-height: 1.35; color: #111; }
			body { margin: 0; }
			@media screen { body { max-width: 176mm; margin: 2em auto; } \
			.statement { border-bottom: 1px dashed #999; padding-bottom: 2em; margin-bottom: 2em; } }
			.statement { page-break-after: always; page-break-inside: avoid; }
			.statement.last { page-break-after: auto; }
			.coop { text-align: center; font-size: 13pt; letter-spacing: 1pt; }
			h1 { text-align: center; font-size: 16pt; font-weight: normal; margin: 1.5mm 0 0 0; letter-spacing: 2pt; }
			.sub { text-align: center; color: #444; margin-bottom: 3mm; }
			.en { color: #555; font-size: 8pt; }
			table { border-collapse: collapse; width: 100%%; }
			th, td { text-align: left; vertical-align: top; padding: 1mm 2mm; }
			table.who { border-top: 1.5pt solid #111; border-bottom: 1px solid #111; }
			table.who th { width: 23%%; font-weight: normal; color: #333; }
			table.amounts { margin-top: 2mm; }
			table.amounts th { font-weight: normal; border-bottom: 1px solid #bbb; }
			table.amounts td { text-align: right; border-bottom: 1px solid #bbb; white-space: nowrap; width: 25%%; }
			table.amounts tr.total th, table.amounts tr.total td { border-top: 1.5pt solid #111; \
			border-bottom: 1.5pt solid #111; font-size: 11pt; }
			h2 { font-size: 10.5pt; font-weight: normal; margin: 3mm 0 1mm 0; border-bottom: 1px solid #111; }
			ol.steps { margin: 0; padding-left: 8mm; font-size: 9pt; line-height: 1.3; }
			ol.steps li { margin: 0 0 0.6mm 0; }
			table.approval { margin-top: 2mm; }
			table.approval th { width: 23%%; font-weight: normal; color: #333; padding-top: 0.6mm; padding-bottom: 0.6mm; }
			table.approval td { padding-top: 0.6mm; padding-bottom: 0.6mm; }
			p.note { margin: 2mm 0 0 0; padding: 1.5mm 2mm; border: 1px solid #111; }
			table.sign { margin-top: 6mm; }
			table.sign td.label { width: 21%%; vertical-align: bottom; padding-bottom: 1mm; }
			table.sign td.label.date { width: 9%%; }
			table.sign td.blank { border-bottom: 1px solid #111; height: 16mm; }
			table.sign td.gap { width: 4mm; }
			table.sign td.seal { width: 34mm; vertical-align: middle; text-align: center; padding: 0 0 0 5mm; }
			div.seal { width: 30mm; height: 30mm; border: 1px dashed #777; border-radius: 15mm; color: #666; \
			text-align: center; margin-left: auto; }
			div.seal div.mark { padding-top: 11mm; line-height: 1.2; }
			.foot { margin-top: 4mm; font-size: 7.5pt; color: #666; border-top: 1px solid #bbb; padding-top: 1mm; }
			"""
		.formatted(LATIN_FONT, CJK_FONT);

	private StatementDocument() {
	}

	/** The statements, one page each, in one document. */
	static String xhtml(List<MemberStatement> statements) {
		int year = statements.isEmpty() ? 0 : statements.get(0).year();
		String cooperative = statements.isEmpty() ? "" : statements.get(0).cooperativeName();
		StringBuilder page = new StringBuilder(8_192 * Math.max(1, statements.size()))
			.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"zh-CN\" xml:lang=\"zh-CN\">")
			.append("<head><meta charset=\"utf-8\"/><meta name=\"author\" content=\"")
			.append(escape(cooperative))
			.append("\"/><title>")
			.append(year)
			.append(" 年度盈余分配通知书 Statement of the surplus distribution</title><style>")
			.append(CSS)
			.append("</style></head><body>");
		for (int i = 0; i < statements.size(); i++) {
			statement(page, statements.get(i), i == statements.size() - 1);
		}
		return page.append("</body></html>").toString();
	}

	private static void statement(StringBuilder page, MemberStatement statement, boolean last) {
		DividendRunView.Line line = statement.line();
		boolean member = MemberStatement.isMember(line);
		page.append("<div class=\"statement")
			.append(last ? " last" : "")
			.append("\"><div class=\"coop\">")
			.append(escape(statement.cooperativeName()))
			.append("</div><h1>")
			.append(statement.year())
			.append(" 年度盈余分配通知书</h1><div class=\"sub\">Statement of the ")
			.append(statement.year())
			.append(" surplus distribution</div>");

		page.append("<table class=\"who\">");
		if (member) {
			pair(page, "成员户", "Household", escape(line.name()), "成员编号", "Member no.",
					"第 " + statement.memberNumber() + " 号");
		}
		else {
			pair(page, "村集体股东", "Village shareholder", escape(line.name()), "成员编号", "Member no.",
					"— <span class=\"en\">(村集体 village)</span>");
		}
		pair(page, "所在村", "Village", escape((statement.village() != null) ? statement.village() : "—"), "出具日期",
				"Issued on", statement.issuedOn().toString());
		pair(page, "分配方案状态", "Run status", escape(statement.status()), "序号", "Line", Integer.toString(line.lineNo()));
		page.append("</table>");

		page.append("<table class=\"amounts\">");
		amount(page, "按交易量返还", "Patronage refund", line.patronageRefundFen(), false);
		amount(page, "股金分红", "Capital share", line.capitalShareFen(), false);
		amount(page, "应付合计", "Total paid to you", line.totalFen(), true);
		amount(page, "公积金量化（记入成员账户，不付现金）", "Provident share, to your member account", line.providentShareFen(), false);
		page.append("</table>");

		page.append("<h2>计算过程 <span class=\"en\">How it was calculated</span></h2><ol class=\"steps\">");
		for (String step : statement.steps()) {
			int split = step.indexOf(" / ");
			page.append("<li>");
			if (split < 0) {
				page.append(escape(step));
			}
			else {
				page.append(escape(step.substring(0, split)))
					.append("<br/><span class=\"en\">")
					.append(escape(step.substring(split + 3)))
					.append("</span>");
			}
			page.append("</li>");
		}
		page.append("</ol>");

		page.append("<table class=\"approval\">");
		row(page, "计算", "Computed by",
				escape(statement.computedBy()) + "，" + MemberStatement.minutes(statement.computedAt()));
		row(page, "批准", "Approved by",
				(statement.approvedBy() != null)
						? escape(statement.approvedBy()) + "，" + MemberStatement.minutes(statement.approvedAt())
						: "尚未批准 <span class=\"en\">not yet approved</span>");
		if (line.paymentReference() != null) {
			row(page, "付款", "Paid", escape(line.paymentReference()) + "，" + MemberStatement.minutes(line.paidAt()));
		}
		page.append("</table>");
		if (statement.runKind() == RunKind.REVERSAL) {
			page.append("<p class=\"note\">冲销：本通知书所列金额从原分配方案中冲回。原因：")
				.append(escape((statement.reason() != null) ? statement.reason() : "—"))
				.append("<br/><span class=\"en\">Reversal: the amounts above are taken back from the original run.</span></p>");
		}
		else if (statement.runStatus() == RunStatus.DRAFT) {
			page.append("<p class=\"note\">草稿：尚未经第二位会计批准，不作付款依据。<br/><span class=\"en\">Draft: ")
				.append("not yet approved by a second accountant; not a basis for payment.</span></p>");
		}
		else if (statement.runStatus() == RunStatus.SUPERSEDED) {
			page.append("<p class=\"note\">已作废：本方案已被新的计算取代，不作付款依据。<br/><span class=\"en\">Superseded: ")
				.append("replaced by a newer computation; not a basis for payment.</span></p>");
		}

		page.append(
				"<table class=\"sign\"><tr><td class=\"label\">成员签字<br/><span class=\"en\">Member's signature</span>")
			.append("</td><td class=\"blank\"></td><td class=\"gap\"></td><td class=\"label date\">日期<br/><span class=\"en\">Date</span>")
			.append("</td><td class=\"blank\"></td><td class=\"seal\"><div class=\"seal\"><div class=\"mark\">")
			.append("合作社盖章<br/><span class=\"en\">Cooperative seal</span></div></div></td></tr></table>");

		page.append("<div class=\"foot\">分配方案 Run ")
			.append(statement.runId())
			.append(" · 金额单位：元 Amounts in yuan (CNY) · 如有疑问请联系合作社会计 Questions: the cooperative's accountants</div>")
			.append("</div>");
	}

	private static void pair(StringBuilder page, String zh1, String en1, String value1, String zh2, String en2,
			String value2) {
		page.append("<tr><th>")
			.append(zh1)
			.append(" <span class=\"en\">")
			.append(en1)
			.append("</span></th><td>")
			.append(value1)
			.append("</td><th>")
			.append(zh2)
			.append(" <span class=\"en\">")
			.append(en2)
			.append("</span></th><td>")
			.append(value2)
			.append("</td></tr>");
	}

	private static void amount(StringBuilder page, String zh, String en, long fen, boolean total) {
		page.append(total ? "<tr class=\"total\">" : "<tr>")
			.append("<th>")
			.append(zh)
			.append(" <span class=\"en\">")
			.append(escape(en))
			.append("</span></th><td>")
			.append(MemberStatement.yuan(fen))
			.append("</td></tr>");
	}

	private static void row(StringBuilder page, String zh, String en, String value) {
		page.append("<tr><th>")
			.append(zh)
			.append(" <span class=\"en\">")
			.append(en)
			.append("</span></th><td>")
			.append(value)
			.append("</td></tr>");
	}

	static String escape(String text) {
		// characters XML 1.0 does not allow would make the document unreadable for the
		// PDF
		return (text == null) ? ""
				: text.replaceAll("[^\\t\\n\\r\\x{20}-\\x{D7FF}\\x{E000}-\\x{FFFD}\\x{10000}-\\x{10FFFF}]", "")
					.replace("&", "&amp;")
					.replace("<", "&lt;")
					.replace(">", "&gt;")
					.replace("\"", "&quot;")
					.replace("'", "&#39;");
	}

}
