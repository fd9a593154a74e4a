package coop.litang.cooplive.dividends;

/**
 * A rendered statement document.
 *
 * @param fileName an ASCII file name for downloads, such as
 * {@code statement-2025-1001.pdf}
 * @param content the PDF
 */
public record StatementPdf(String fileName, byte[] content) {

	static String runFileName(DividendRunView run) {
		return "statements-" + run.year() + "-" + run.id().toString().substring(0, 8) + ".pdf";
	}

}
