package coop.litang.cooplive.dividends;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.imageio.ImageIO;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The statement document without the service: the worked example's figures printed, in
 * words and in yuan, on A4 pages with the fonts embedded.
 */
class StatementDocumentTests {

	static final DividendPolicy POLICY = new DividendPolicy(2000, 6000, DividendPolicy.PatronageBasis.AMOUNT,
			DividendPolicy.ProvidentBasis.CAPITAL);

	static DividendRunView run(DividendPolicy policy, RunKind kind, RunStatus status) {
		List<DividendRunView.Line> lines = new ArrayList<>();
		lines.add(new DividendRunView.Line(1, "member:1001", "扎西多吉家", 120_000_000, 20_000_000, 20_000_000, 19_200_000,
				3_200_000, 5_000_000, 22_400_000, null, null));
		lines.add(new DividendRunView.Line(2, "member:1002", "次仁家", 90_000_000, 20_000_000, 20_000_000, 14_400_000,
				3_200_000, 5_000_000, 17_600_000, null, null));
		lines.add(new DividendRunView.Line(3, "member:1003", "卓玛家", 60_000_000, 20_000_000, 20_000_000, 9_600_000,
				3_200_000, 5_000_000, 12_800_000, null, null));
		lines.add(new DividendRunView.Line(4, "member:1004", "格桑家", 30_000_000, 20_000_000, 20_000_000, 4_800_000,
				3_200_000, 5_000_000, 8_000_000, null, null));
		lines.add(new DividendRunView.Line(5, "village:AZONG", "阿宗村", 0, 60_000_000, 0, 0, 9_600_000, 0, 9_600_000,
				null, null));
		lines.add(new DividendRunView.Line(6, "village:HONGQI", "红旗村", 0, 60_000_000, 0, 0, 9_600_000, 0, 9_600_000,
				null, null));
		boolean approved = status == RunStatus.APPROVED;
		return new DividendRunView(UUID.randomUUID(), UUID.randomUUID(), 2025, kind, status, null,
				(kind == RunKind.REVERSAL) ? "一笔收购记错了户" : null, null, policy, 100_000_000, 0, 20_000_000, 80_000_000,
				48_000_000, 32_000_000, "hash", "accountant-lhamo", Instant.parse("2026-01-10T02:05:00Z"),
				approved ? "accountant-dorje" : null, approved ? Instant.parse("2026-01-11T08:30:00Z") : null, lines);
	}

	static List<MemberStatement> statements(DividendRunView run) {
		return run.lines()
			.stream()
			.map((line) -> MemberStatement.of(run, line, "理塘县牧民专业合作社联合社",
					line.participant().startsWith("member:") ? "然乌村" : line.name(), LocalDate.of(2026, 1, 12)))
			.toList();
	}

	@Test
	void amountsAreYuanWithThousandsSeparators() {
		assertThat(MemberStatement.yuan(100_000_000)).isEqualTo("¥1,000,000.00");
		assertThat(MemberStatement.yuan(5)).isEqualTo("¥0.05");
		assertThat(MemberStatement.yuan(0)).isEqualTo("¥0.00");
		assertThat(MemberStatement.yuan(-123_456)).isEqualTo("−¥1,234.56");
		assertThat(MemberStatement.yuan(Long.MAX_VALUE)).isEqualTo("¥92,233,720,368,547,758.07");
		assertThat(MemberStatement.count(1_234_567)).isEqualTo("1,234,567");
	}

	@Test
	void aQuantityBasisShowsCountsNotYuan() {
		DividendPolicy byQuantity = new DividendPolicy(2000, 6000, DividendPolicy.PatronageBasis.QUANTITY,
				DividendPolicy.ProvidentBasis.PATRONAGE);
		MemberStatement statement = statements(run(byQuantity, RunKind.RUN, RunStatus.APPROVED)).get(0);
		assertThat(statement.steps().get(5)).contains("交易数量 120,000,000 ÷ 全体成员交易数量 300,000,000")
			.doesNotContain("¥1,200,000.00");
		assertThat(statement.steps().get(7)).contains("您的交易数量 20,000,000 ÷").doesNotContain("¥200,000.00");
	}

	@Test
	void statusIsInWordsAndAReversalSaysSo() {
		assertThat(statements(run(POLICY, RunKind.RUN, RunStatus.APPROVED)).get(0).status()).isEqualTo("已批准 Approved");
		assertThat(statements(run(POLICY, RunKind.RUN, RunStatus.DRAFT)).get(0).status()).isEqualTo("草稿 Draft");
		assertThat(statements(run(POLICY, RunKind.RUN, RunStatus.SUPERSEDED)).get(0).status())
			.isEqualTo("已作废 Superseded");
		assertThat(statements(run(POLICY, RunKind.REVERSAL, RunStatus.APPROVED)).get(0).status())
			.isEqualTo("冲销 Reversal · 已批准 Approved");
	}

	@Test
	void theDocumentIsWellFormedAndPrintsNoRawFen() throws Exception {
		DividendRunView run = run(POLICY, RunKind.RUN, RunStatus.APPROVED);
		String xhtml = StatementDocument.xhtml(statements(run));
		javax.xml.parsers.DocumentBuilderFactory.newInstance()
			.newDocumentBuilder()
			.parse(new java.io.ByteArrayInputStream(xhtml.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
		assertThat(xhtml).contains("理塘县牧民专业合作社联合社", "2025 年度", "扎西多吉家", "第 1001 号", "然乌村", "¥1,200,000.00",
				"¥3,000,000.00", "¥224,000.00", "已批准 Approved", "accountant-dorje", "2026-01-11 16:30",
				"accountant-lhamo", "2026-01-10 10:05", "成员签字", "日期", "合作社盖章", "@page", "size: A4");
		assertThat(xhtml).doesNotContain("120000000", "1200000.00", "member:", "village:", "APPROVED");
	}

	@Test
	void thePdfHasOneA4PagePerStatementWithItsFontsEmbedded() throws Exception {
		DividendRunView run = run(POLICY, RunKind.RUN, RunStatus.APPROVED);
		byte[] pdf = new StatementPrinter(null).render(StatementDocument.xhtml(statements(run)));
		try (PDDocument document = Loader.loadPDF(pdf)) {
			// to look at: target/statement-page-1.png
			Path out = Path.of("target", "statement-page-1.png");
			Files.createDirectories(out.getParent());
			BufferedImage image = new PDFRenderer(document).renderImageWithDPI(0, 110);
			ImageIO.write(image, "png", out.toFile());
			Files.write(Path.of("target", "statement-sample.pdf"), pdf);
			assertThat(document.getNumberOfPages()).isEqualTo(6);
			assertThat(document.getDocumentInformation().getAuthor()).isEqualTo("理塘县牧民专业合作社联合社");
			assertThat(document.getDocumentInformation().getTitle()).contains("2025 年度盈余分配通知书");
			for (PDPage page : document.getPages()) {
				assertThat(page.getMediaBox().getWidth()).isCloseTo(595f, within(1f));
				assertThat(page.getMediaBox().getHeight()).isCloseTo(842f, within(1f));
				for (COSName name : page.getResources().getFontNames()) {
					PDFont font = page.getResources().getFont(name);
					assertThat(font.isEmbedded()).as(font.getName()).isTrue();
				}
			}
			PDFTextStripper stripper = new PDFTextStripper();
			stripper.setStartPage(1);
			stripper.setEndPage(1);
			String first = stripper.getText(document);
			assertThat(first).contains("理塘县牧民专业合作社联合社", "扎西多吉家", "第 1001 号", "然乌村", "¥1,200,000.00", "已批准",
					"accountant-dorje", "盖章");
			assertThat(first).doesNotContain("120000000", "member:", "APPROVED");
		}
	}

}
