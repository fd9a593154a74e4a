package coop.litang.cooplive.dividends;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;

import javax.imageio.ImageIO;

import coop.litang.cooplive.catalog.SkuView;
import coop.litang.cooplive.identity.Role;
import coop.litang.cooplive.inventory.InventoryManagement;
import coop.litang.cooplive.inventory.ReceiveStock;
import coop.litang.cooplive.members.ContributionSource;
import coop.litang.cooplive.members.MemberDetails;
import coop.litang.cooplive.members.MemberView;
import coop.litang.cooplive.members.MembersManagement;
import coop.litang.cooplive.members.NewContribution;
import coop.litang.cooplive.members.NewShareholder;
import coop.litang.cooplive.members.TownshipDetails;
import coop.litang.cooplive.members.VillageDetails;
import coop.litang.cooplive.members.VillageView;
import coop.litang.cooplive.testing.Api;
import coop.litang.cooplive.testing.Fixtures;
import coop.litang.cooplive.testing.IntegrationTest;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A herder's statement as the service hands it out: an approved run of two households in
 * a named village and a village shareholder, printed as HTML and as PDF (one A4 page per
 * line, fonts embedded, Chinese readable back), with no raw fen, internal keys or English
 * enums on the page. BlockHound watches the event loops while the PDFs are rendered.
 */
@IntegrationTest
@TestPropertySource(properties = { "cooplive.test.context=statement", "cooplive.cooperative.name=理塘县格聂牧民专业合作社" })
class StatementDocumentIntegrationTests {

	static final String COOPERATIVE = "理塘县格聂牧民专业合作社";

	static final String HOUSEHOLD = "扎西多吉家";

	static final String VILLAGE = "然乌村";

	static final String VILLAGE_SHAREHOLDER = "拉波村";

	// one approved run for the class: a period per year, and the context is shared
	static DividendRunView run;

	static MemberView zhaxi;

	@Autowired
	WebTestClient web;

	@Autowired
	Fixtures fixtures;

	@Autowired
	MembersManagement members;

	@Autowired
	InventoryManagement inventory;

	String token;

	int year;

	@BeforeEach
	void approvedRun() {
		this.year = LocalDate.now(ZoneId.of("Asia/Shanghai")).getYear();
		this.token = this.fixtures.token(Role.ACCOUNTANT);
		if (run != null) {
			return;
		}
		var township = this.members.createTownship(new TownshipDetails("T" + Fixtures.unique(), "禾尼乡", "Heni township"))
			.block();
		VillageView ranwu = this.members
			.createVillage(new VillageDetails(township.id(), "V" + Fixtures.unique(), VILLAGE, "Ranwu village"))
			.block();
		VillageView labo = this.members
			.createVillage(
					new VillageDetails(township.id(), "V" + Fixtures.unique(), VILLAGE_SHAREHOLDER, "Labo village"))
			.block();
		SkuView sku = this.fixtures.sku(100);
		// ¥1,200,000 traded: 120000000 fen, a figure that must not be printed as such
		zhaxi = household(HOUSEHOLD, ranwu, sku, 1_200_000, 200_000);
		household("次仁卓玛家", ranwu, sku, 1_800_000, 100_000);
		contribute(new NewShareholder(null, labo.id()), 300_000, ContributionSource.VILLAGE_REVOLVING_FUND);

		String first = this.fixtures.token(Role.ACCOUNTANT);
		String second = this.fixtures.token(Role.ACCOUNTANT);
		FiscalPeriodView period = call(first, "POST", "/api/v1/accounting/periods", Map.of("year", this.year))
			.expectStatus()
			.isCreated()
			.expectBody(FiscalPeriodView.class)
			.returnResult()
			.getResponseBody();
		String base = "/api/v1/accounting/periods/" + period.id();
		call(first, "PUT", base + "/figures", Map.of("surplusFen", 100_000_000L, "carriedLossFen", 0)).expectStatus()
			.isOk();
		call(first, "POST", base + "/close", null).expectStatus().isOk();
		DividendRunView draft = call(first, "POST", base + "/runs",
				Map.of("providentFundRateBp", 2000, "patronageRateBp", 6000, "patronageBasis", "AMOUNT",
						"providentBasis", "CAPITAL"))
			.expectStatus()
			.isCreated()
			.expectBody(DividendRunView.class)
			.returnResult()
			.getResponseBody();
		run = call(second, "POST", "/api/v1/accounting/runs/" + draft.id() + "/approve", null).expectStatus()
			.isOk()
			.expectBody(DividendRunView.class)
			.returnResult()
			.getResponseBody();
		assertThat(run.lines()).hasSize(3);
		assertThat(run.approvedBy()).isNotBlank().isNotEqualTo(run.computedBy());
	}

	private MemberView household(String name, VillageView village, SkuView sku, long yuanTraded, long yuanCapital) {
		MemberView member = this.members
			.createMember(new MemberDetails(name, Fixtures.uniquePhone(), village.id(), true, false,
					LocalDate.of(2020, 1, 1)))
			.block();
		this.inventory
			.receive(new ReceiveStock(sku.id(), member.id(), village.id(), 10L, yuanTraded * 100,
					LocalDate.of(this.year, 6, 1)), "test")
			.block();
		contribute(new NewShareholder(member.id(), null), yuanCapital, ContributionSource.OTHER);
		return member;
	}

	private void contribute(NewShareholder holder, long yuan, ContributionSource source) {
		var shareholder = this.members.createShareholder(holder).block();
		this.members
			.contribute(shareholder.id(),
					new NewContribution(yuan * 100, LocalDate.of(this.year - 1, 3, 1), source, "share capital"))
			.block();
	}

	private WebTestClient.ResponseSpec call(String token, String method, String uri, Object body) {
		return Api.call(this.web, method, token, uri, body);
	}

	private DividendRunView.Line line(String participantPrefix) {
		return run.lines()
			.stream()
			.filter((line) -> line.participant().startsWith(participantPrefix))
			.findFirst()
			.orElseThrow();
	}

	private DividendRunView.Line zhaxiLine() {
		return line("member:" + zhaxi.number());
	}

	private String runUri() {
		return "/api/v1/accounting/runs/" + run.id();
	}

	private EntityExchangeResult<byte[]> pdf(String uri) {
		return call(this.token, "GET", uri, null).expectStatus()
			.isOk()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PDF)
			.expectBody(byte[].class)
			.returnResult();
	}

	@Test
	void aLinesPdfIsOneA4PageWithTheHouseholdItsVillageAndAmountsInYuan() throws Exception {
		DividendRunView.Line line = zhaxiLine();
		EntityExchangeResult<byte[]> result = pdf(runUri() + "/lines/" + line.lineNo() + "/statement.pdf");
		assertThat(result.getResponseHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION)).startsWith("attachment")
			.contains("filename=\"statement-" + this.year + "-" + zhaxi.number() + ".pdf\"");
		byte[] pdf = result.getResponseBody();
		assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
		try (PDDocument document = Loader.loadPDF(pdf)) {
			assertThat(document.getNumberOfPages()).isEqualTo(1);
			assertA4WithEmbeddedFonts(document.getPage(0));
			String text = new PDFTextStripper().getText(document);
			assertThat(text).contains(COOPERATIVE, this.year + " 年度", HOUSEHOLD, VILLAGE, "第 " + zhaxi.number() + " 号",
					// the worked figures: ¥1,200,000 of ¥3,000,000 traded; S ¥1,000,000
					"¥1,200,000.00", "¥3,000,000.00", "¥1,000,000.00", MemberStatement.yuan(line.totalFen()), "已批准",
					run.approvedBy(), run.computedBy(), "成员签字", "日期", "盖章");
			// issued today in Litang, as the approval's time is told there
			assertThat(text).contains(LocalDate.now(ZoneId.of("Asia/Shanghai")).toString());
			assertThat(text).doesNotContain("120000000", "300000000", "1200000.00", "member:", "village:", "APPROVED",
					"AMOUNT", "CAPITAL");
			// the page to look at (docs/console/statement.png is a copy)
			BufferedImage image = new PDFRenderer(document).renderImageWithDPI(0, 110);
			Path png = Path.of("target", "statement.png");
			Files.createDirectories(png.getParent());
			ImageIO.write(image, "png", png.toFile());
			Files.write(Path.of("target", "statement.pdf"), pdf);
		}
	}

	@Test
	void theRunsPdfHasOnePagePerLineInLineOrder() throws Exception {
		EntityExchangeResult<byte[]> result = pdf(runUri() + "/statements.pdf");
		assertThat(result.getResponseHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION))
			.contains("filename=\"statements-" + this.year + "-");
		try (PDDocument document = Loader.loadPDF(result.getResponseBody())) {
			assertThat(document.getNumberOfPages()).isEqualTo(run.lines().size());
			PDFTextStripper stripper = new PDFTextStripper();
			for (int page = 1; page <= document.getNumberOfPages(); page++) {
				assertA4WithEmbeddedFonts(document.getPage(page - 1));
				stripper.setStartPage(page);
				stripper.setEndPage(page);
				String text = stripper.getText(document);
				DividendRunView.Line line = run.lines().get(page - 1);
				assertThat(text).contains(COOPERATIVE, line.name(), MemberStatement.yuan(line.totalFen()), "已批准",
						run.approvedBy(), "合作社盖章");
				assertThat(text).doesNotContain("member:", "village:", "APPROVED", Long.toString(line.totalFen()));
			}
			// villages come after the households
			String lastPage = stripper.getText(document);
			stripper.setStartPage(1);
			stripper.setEndPage(document.getNumberOfPages());
			assertThat(stripper.getText(document)).contains(HOUSEHOLD, "次仁卓玛家", VILLAGE, VILLAGE_SHAREHOLDER, "村集体股东");
			assertThat(lastPage).contains(VILLAGE_SHAREHOLDER, "村集体股东");
		}
	}

	@Test
	void theHtmlPageShowsTheSameDocument() {
		DividendRunView.Line line = zhaxiLine();
		String page = call(this.token, "GET", runUri() + "/lines/" + line.lineNo() + "/statement.html", null)
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(page).contains(COOPERATIVE, HOUSEHOLD, VILLAGE, "第 " + zhaxi.number() + " 号", "¥1,200,000.00",
				"已批准 Approved", run.approvedBy(), "成员签字", "合作社盖章", "size: A4");
		assertThat(page).doesNotContain("120000000", "1200000.00", "member:", "village:", ">APPROVED", "APPROVED<",
				" APPROVED");
	}

	@Test
	void theJsonStatementNamesTheCooperativeMemberNumberAndVillage() {
		DividendRunView.Line line = zhaxiLine();
		call(this.token, "GET", runUri() + "/lines/" + line.lineNo() + "/statement", null).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.cooperativeName")
			.isEqualTo(COOPERATIVE)
			.jsonPath("$.memberNumber")
			.isEqualTo(zhaxi.number())
			.jsonPath("$.village")
			.isEqualTo(VILLAGE)
			.jsonPath("$.line.patronageWeight")
			.isEqualTo(120_000_000)
			.jsonPath("$.steps[5]")
			.value((step) -> assertThat(step.toString()).contains("¥1,200,000.00").doesNotContain("120000000"));
		call(this.token, "GET", runUri() + "/lines/" + line("village:").lineNo() + "/statement", null).expectBody()
			.jsonPath("$.village")
			.isEqualTo(VILLAGE_SHAREHOLDER)
			.jsonPath("$.memberNumber")
			.doesNotExist();
		// every line's village in one call, for sorting a run's lines by village
		call(this.token, "GET", runUri() + "/villages", null).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$['" + line.lineNo() + "']")
			.isEqualTo(VILLAGE)
			.jsonPath("$['" + line("village:").lineNo() + "']")
			.isEqualTo(VILLAGE_SHAREHOLDER);
	}

	@Test
	void anUnknownLineOrRunIsANotFoundProblem() {
		for (String uri : new String[] { runUri() + "/lines/99/statement.pdf", runUri() + "/lines/99/statement.html",
				"/api/v1/accounting/runs/" + java.util.UUID.randomUUID() + "/statements.pdf",
				"/api/v1/accounting/runs/" + java.util.UUID.randomUUID() + "/lines/1/statement.pdf" }) {
			call(this.token, "GET", uri, null).expectStatus()
				.isNotFound()
				.expectHeader()
				.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.status")
				.isEqualTo(404);
		}
	}

	private static void assertA4WithEmbeddedFonts(PDPage page) throws Exception {
		assertThat(page.getMediaBox().getWidth()).isCloseTo(595f, within(1f));
		assertThat(page.getMediaBox().getHeight()).isCloseTo(842f, within(1f));
		int fonts = 0;
		for (COSName name : page.getResources().getFontNames()) {
			PDFont font = page.getResources().getFont(name);
			assertThat(font.isEmbedded()).as(font.getName() + " is embedded").isTrue();
			fonts++;
		}
		assertThat(fonts).isGreaterThanOrEqualTo(2);
	}

}
