package coop.litang.cooplive.console;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The accountant's desk in a real headless Chromium against the whole service, on a
 * phone: an accountant records the bylaws' parameters, enters a year's figures from the
 * shop's records, closes the year, computes a dividend run and is told why they cannot
 * approve it; a second accountant, made through the admin API, approves it, records a
 * payment and reads the distribution table. A database of its own, so that no other
 * test's deliveries or shares take part. Screenshots land in
 * {@code target/console-screenshots/}.
 */
@IntegrationTest
@TestPropertySource(properties = "cooplive.test.context=desk")
class ConsoleDeskBrowserTests {

	// stock receipts count in the year they are received: this year
	private static final int YEAR = LocalDate.now(ZoneId.of("Asia/Shanghai")).getYear();

	private static final Duration WAIT = Duration.ofSeconds(30);

	@LocalServerPort
	int port;

	@Autowired
	Fixtures fixtures;

	@Autowired
	MembersManagement members;

	@Autowired
	InventoryManagement inventory;

	@Autowired
	DatabaseClient db;

	@Autowired
	WebTestClient web;

	@TempDir
	Path files;

	private String console() {
		return "http://127.0.0.1:" + this.port + "/console/";
	}

	private static void top(ConsoleBrowser browser, String css) {
		browser.script("document.querySelector(arguments[0]).scrollIntoView({block: 'start'})", css);
	}

	private VillageView village(UUID townshipId, String nameZh, String nameEn) {
		return this.members.createVillage(new VillageDetails(townshipId, "V" + Fixtures.unique(), nameZh, nameEn))
			.block(WAIT);
	}

	private MemberView household(String name, VillageView village) {
		return this.members
			.createMember(new MemberDetails(name, Fixtures.uniquePhone(), village.id(), true, false,
					LocalDate.of(2020, 1, 1)))
			.block(WAIT);
	}

	private void capital(NewShareholder holder, long yuan, ContributionSource source) {
		var shareholder = this.members.createShareholder(holder).block(WAIT);
		this.members
			.contribute(shareholder.id(), new NewContribution(yuan * 100, LocalDate.of(YEAR, 3, 1), source, "股金"))
			.block(WAIT);
	}

	private void delivery(SkuView sku, MemberView member, long yuan) {
		this.inventory
			.receive(new ReceiveStock(sku.id(), member.id(), member.villageId(), 10L, yuan * 100,
					LocalDate.of(YEAR, 9, 1)), "test")
			.block(WAIT);
	}

	/**
	 * A deliveries workbook as an accountant's spreadsheet makes one: a heading, then
	 * rows.
	 */
	private Path deliveries(String name, List<List<Object>> rows) {
		Path file = this.files.resolve(name);
		try (XSSFWorkbook workbook = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
			Sheet sheet = workbook.createSheet("交售");
			List<String> heading = List.of("memberNumber", "deliveredOn", "quantity", "amountYuan", "reference");
			Row head = sheet.createRow(0);
			for (int i = 0; i < heading.size(); i++) {
				head.createCell(i).setCellValue(heading.get(i));
			}
			for (int r = 0; r < rows.size(); r++) {
				Row row = sheet.createRow(r + 1);
				for (int i = 0; i < rows.get(r).size(); i++) {
					Object value = rows.get(r).get(i);
					if (value instanceof Number number) {
						row.createCell(i).setCellValue(number.doubleValue());
					}
					else if (value != null) {
						row.createCell(i).setCellValue(value.toString());
					}
				}
			}
			workbook.write(out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return file;
	}

	private static void upload(ConsoleBrowser browser, Path file) {
		browser.click("#desk-nav [data-desk-tab='imports']");
		browser.click("#import-deliveries");
		browser.find("#import-file").sendKeys(file.toAbsolutePath().toString());
		browser.click("#import-submit");
	}

	private static String pdfText(Path pdf) throws IOException {
		try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
			return new PDFTextStripper().getText(document);
		}
	}

	private String runStatus(UUID runId) {
		return this.db.sql("SELECT status FROM dividend_run WHERE id = :id")
			.bind("id", runId)
			.map((row) -> row.get(0, String.class))
			.one()
			.block(WAIT);
	}

	@Test
	void anAccountantClosesTheYearComputesARunAndASecondAccountantApprovesIt() throws IOException {
		String tag = Fixtures.unique().toLowerCase();
		String first = "accountant-" + tag;
		String second = "accountant2-" + tag;
		this.fixtures.user(first, "accountant-pass-1", Role.ACCOUNTANT);
		// the second accountant is made as an admin would make one
		Api.call(this.web, "POST", this.fixtures.token(Role.ADMIN), "/api/v1/admin/users",
				Map.of("username", second, "password", "accountant-pass-2", "role", "ACCOUNTANT"))
			.expectStatus()
			.isCreated();

		// three households of two villages trade ¥12,000, ¥9,000 and ¥6,000 with ¥2,000
		// of capital each; Xiayi village holds ¥6,000 of shares
		var township = this.members.createTownship(new TownshipDetails("T" + Fixtures.unique(), "高城镇", "Gaocheng"))
			.block(WAIT);
		VillageView xiayi = village(township.id(), "夏邑村", "Xiayi");
		VillageView dexi = village(township.id(), "德西村", "Dexi");
		SkuView sku = this.fixtures.sku(100);
		MemberView tashi = household("扎西 Tashi", xiayi);
		MemberView dolma = household("卓玛 Dolma", xiayi);
		MemberView tsering = household("次仁 Tsering", dexi);
		// Tashi's produce came in as stock; Dolma's and Tsering's season is imported
		delivery(sku, tashi, 12_000);
		for (MemberView member : List.of(tashi, dolma, tsering)) {
			capital(new NewShareholder(member.id(), null), 2_000, ContributionSource.OTHER);
		}
		capital(new NewShareholder(null, xiayi.id()), 6_000, ContributionSource.VILLAGE_REVOLVING_FUND);

		String runId;
		try (ConsoleBrowser browser = ConsoleBrowser.phone()) {
			browser.open(console());
			browser.signIn(first, "accountant-pass-1");
			// an accountant lands on the desk, not on the host's sessions
			browser.shown("#desk-periods");
			browser.showsText(".brand", "会计台");
			assertThat(browser.find("#view-sessions").isDisplayed()).isFalse();

			// the bylaws' parameters: below 60% is explained under the field
			browser.click("#desk-nav [data-desk-tab='policies']");
			browser.shown("#policy-form");
			browser.set("#policy-from", YEAR + "-01-01");
			browser.type("#policy-provident", "20");
			browser.type("#policy-patronage", "55");
			browser.click("#policy-submit");
			browser.showsText("#policy-form .field-error[data-field='patronageRateBp']", "60%");
			assertThat(browser.find("#policy-patronage").getAttribute("aria-invalid")).isEqualTo("true");
			browser.type("#policy-patronage", "60");
			browser.click("#policy-submit");
			browser.showsText("#desk-notice", "第 1 版已保存");
			browser.showsText("#policy-list", "公积金 20% · 按交易量返还 60%");
			top(browser, "#view-desk");
			browser.screenshot("24-desk-policies");

			// the season's deliveries imported from a workbook; the same file again
			// changes
			// nothing
			Path season = deliveries("deliveries-" + YEAR + ".xlsx",
					List.of(List.of(dolma.number(), YEAR + "-08-20", 40, "9,000.00", "收购单 D-0820"),
							List.of(tsering.number(), YEAR + "-09-02", 20, 4000, "收购单 T-0902"),
							List.of(tsering.number(), YEAR + "-09-15", 10, "2000", "收购单 T-0915")));
			upload(browser, season);
			browser.showsText("#import-summary", "3 行成员交售");
			assertThat(this.db.sql("SELECT count(*) FROM volume_entry WHERE member_id IN (:members)")
				.bind("members", List.of(dolma.id(), tsering.id()))
				.map((row) -> row.get(0, Long.class))
				.one()
				.block(WAIT)).isEqualTo(3L);
			browser.find("#import-file").clear();
			browser.find("#import-file").sendKeys(season.toAbsolutePath().toString());
			browser.click("#import-submit");
			browser.showsText("#import-summary", "以前已经导入过");
			assertThat(this.db.sql("SELECT count(*) FROM volume_entry WHERE member_id IN (:members)")
				.bind("members", List.of(dolma.id(), tsering.id()))
				.map((row) -> row.get(0, Long.class))
				.one()
				.block(WAIT)).isEqualTo(3L);

			// a year opened; its figures from the shop's records and typed, the surplus
			// summed as they are typed
			browser.click("#desk-nav [data-desk-tab='periods']");
			browser.shown("#open-period-form");
			browser.type("#open-year", String.valueOf(YEAR));
			browser.click("#open-period-submit");
			browser.showsText("#period-title", YEAR + " 年度");
			browser.showsText("#desk-notice", YEAR + " 年度已开");
			browser.click("#figures-prefill");
			browser.showsText("#figures-prefill-info", "¥12,000.00");
			assertThat(browser.find("#figures-cost").getAttribute("value")).isEqualTo("12000.00");
			browser.type("#figures-revenue", "45,000");
			browser.type("#figures-expenses", "8000");
			browser.showsText("#figures-sum", "四项都填好后算出");
			browser.type("#figures-tax", "1000");
			browser.showsText("#figures-sum", "¥24,000.00");
			top(browser, "#figures-form");
			browser.screenshot("26-desk-period-figures");
			browser.click("#figures-submit");
			browser.showsText("#desk-notice", "数字已保存");
			browser.showsText("#period-figures", "¥24,000.00");

			// closing asks first and says what it freezes
			browser.click("#close-period-button");
			browser.showsText("#close-confirm-text", "冻结");
			assertThat(browser.find("#close-confirm-text").getText()).contains("成员交售", "出资", "成员账户");
			top(browser, "#close-period");
			browser.screenshot("27-desk-close-confirm");
			browser.click("#close-confirm-yes");
			browser.showsText("#period-status", "已结账");
			browser.shown("#compute-form");
			assertThat(browser.find("#figures-form").isDisplayed()).isFalse();
			top(browser, "#view-desk");
			browser.screenshot("23-desk-period-closed");

			// deliveries dated in the closed year are refused row by row, with the other
			// problems of the file
			Path late = deliveries("late-deliveries.xlsx",
					List.of(List.of(dolma.number(), YEAR + "-10-01", 5, "500", "补录 1"),
							List.of(999_999, YEAR + "-10-02", 5, "500", "补录 2"),
							List.of(tsering.number(), "10/03/" + YEAR, 5, "", "补录 3")));
			upload(browser, late);
			browser.showsText("#import-summary", "没有导入");
			assertThat(browser.find("#import-rows tr[data-row='2']").getText()).contains("交售日期", "已结账");
			assertThat(browser.find("#import-rows tr[data-row='3']").getText()).contains("没有编号为 999999 的成员户");
			assertThat(browser.all("#import-rows tr[data-row='4']")).hasSizeGreaterThanOrEqualTo(1);
			assertThat(browser.find("#import-rows").getText()).doesNotContain("IMPORT_REFUSED");
			top(browser, "#import-submit");
			browser.screenshot("25-desk-import-refused");
			browser.click("#desk-nav [data-desk-tab='periods']");
			browser.click("#period-list [data-year='" + YEAR + "'] .open");
			browser.shown("#compute-form");

			// the run, computed with the version in effect
			browser.click("#compute-submit");
			browser.shown("#desk-run");
			browser.showsText("#run-status", "待审核");
			runId = ((String) browser.script("return location.hash")).substring("#/desk/runs/".length());
			assertThat(browser.find("#run-pools [data-pool='S'] .pool-amount").getText()).isEqualTo("¥24,000.00");
			assertThat(browser.find("#run-pools [data-pool='P'] .pool-amount").getText()).isEqualTo("¥4,800.00");
			assertThat(browser.find("#run-pools [data-pool='D'] .pool-amount").getText()).isEqualTo("¥19,200.00");
			assertThat(browser.find("#run-pools [data-pool='R'] .pool-amount").getText()).isEqualTo("¥11,520.00");
			assertThat(browser.find("#run-pools [data-pool='C'] .pool-amount").getText()).isEqualTo("¥7,680.00");
			assertThat(browser.find("#run-pools [data-pool='R'] .pool-rule").getText()).contains("不得低于可分配盈余的 60%");
			// the computing accountant is told why, before any call, and has no button
			browser.showsText("#run-approve-why", "不能自己审核");
			assertThat(browser.find("#run-approve").isDisplayed()).isFalse();
			top(browser, "#view-desk");
			browser.screenshot("28-desk-run-review");
			// should the button be there anyway, the service's refusal is told in the
			// same
			// words
			browser.script("document.querySelector('#run-approve').hidden = false;"
					+ "document.querySelector('#run-approve-why').hidden = true");
			browser.click("#run-approve");
			browser.showsText("#run-approve-why", "计算方案的会计不能自己审核");
			assertThat(browser.find("#run-approve").isDisplayed()).isFalse();
			assertThat(browser.find("#run-approve-why").getText()).doesNotContain("SAME_ACCOUNTANT");
			assertThat(runStatus(UUID.fromString(runId))).isEqualTo("DRAFT");

			// lines by household (in pinyin order), with weights and shares in yuan,
			// never raw fen or ids
			WebElement line = browser.showsText("#run-lines", "扎西 Tashi");
			assertThat(line.getText()).contains("¥6,400.00", "¥12,000.00", "¥5,120.00", "¥1,280.00")
				.doesNotContain("member:")
				.doesNotContain("640000");
			assertThat(browser.all("#run-lines .line")).hasSize(4);
			assertThat(browser.find("#run-lines .line:first-child .line-name").getText()).isEqualTo("次仁 Tsering");
			// by village: Dexi's household, then Xiayi's two and the village itself
			browser.showsText("#run-lines .line[data-participant='member:" + tashi.number() + "'] .line-who", "夏邑村");
			browser.click("#lines-sort [data-sort='village']");
			browser.showsText("#lines-sort [aria-pressed='true']", "按村");
			assertThat(browser.all("#run-lines .line .line-name")).extracting(WebElement::getText)
				.startsWith("次仁 Tsering")
				.containsSubsequence("扎西 Tashi", "卓玛 Dolma");
			top(browser, "#run-lines");
			browser.screenshot("29-desk-run-lines");

			// signed out; the second accountant approves
			browser.click("#sign-out");
			browser.signIn(second, "accountant-pass-2");
			browser.shown("#desk-periods");
			browser.click("#period-list [data-year='" + YEAR + "'] .open");
			browser.showsText("#run-list", "待审核");
			browser.click("#run-list [data-run-id='" + runId + "'] .open");
			browser.shown("#run-approve");
			browser.click("#run-approve");
			browser.showsText("#run-status", "已审核");
			browser.showsText("#desk-notice", "方案已审核");
			assertThat(runStatus(UUID.fromString(runId))).isEqualTo("APPROVED");
			assertThat(browser.find("#run-meta").getText()).contains(second);

			// a line paid out with its reference
			String tashiLine = "#run-lines .line[data-participant='member:" + tashi.number() + "']";
			browser.click(tashiLine + " .line-pay button");
			browser.showsText(tashiLine + " .field-error[data-field='reference']", "必填");
			browser.type(tashiLine + " .line-pay input", "农信社转账 20260301-01");
			browser.click(tashiLine + " .line-pay button");
			browser.showsText(tashiLine + " .line-paid", "已付：农信社转账 20260301-01");
			assertThat(this.db.sql("SELECT p.reference FROM dividend_payment p JOIN dividend_run_line l"
					+ " ON l.run_id = p.run_id AND l.line_no = p.line_no WHERE p.run_id = :id AND l.participant = :p")
				.bind("id", UUID.fromString(runId))
				.bind("p", "member:" + tashi.number())
				.map((row) -> row.get(0, String.class))
				.one()
				.block(WAIT)).isEqualTo("农信社转账 20260301-01");

			// the distribution table
			browser.click("#run-table-toggle");
			browser.showsText("#run-table-rows", "可分配盈余");
			assertThat(browser.find("#run-table-rows").getText()).contains("¥19,200.00", "¥11,520.00", "¥7,680.00");
			top(browser, "#run-table");
			browser.screenshot("30-desk-distribution-table");
			assertThat(browser.script("return document.documentElement.scrollWidth")).isEqualTo(360L);

			// the run's statements as one PDF, and one household's, fetched with the
			// bearer
			// token and read back
			browser.click("#run-statements");
			String statements = pdfText(browser.downloaded("statements-.*\\.pdf"));
			assertThat(statements).contains("扎西", "卓玛", "次仁", "夏邑村", "德西村", "6,400.00", "5,120.00")
				.doesNotContain("member:")
				.doesNotContain("640000")
				.doesNotContain("512000");
			browser.click(tashiLine + " .statement-pdf");
			String statement = pdfText(browser.downloaded("statement-" + YEAR + "-" + tashi.number() + "\\.pdf"));
			assertThat(statement).contains("扎西", "夏邑村", "6,400.00", "12,000.00")
				.doesNotContain("卓玛")
				.doesNotContain("member:")
				.doesNotContain("640000");
			// the printable page opens from a blob under the console's policy, with the
			// statement's own style sheet in force (its title centred, as printed)
			assertThat(browser.inNewTab(tashiLine + " .statement-print",
					"return document.querySelector('h1') ? getComputedStyle(document.querySelector('h1')).textAlign "
							+ ": null"))
				.isEqualTo("center");

			// the CSV export is downloaded with the bearer token
			browser.click("#run-csv");
			assertThat(Files.readString(browser.downloaded("dividend-run-.*\\.csv"))).contains("扎西 Tashi");

			// the run reversed with a reason; the reversal waits for the other accountant
			browser.click("#reverse-open");
			assertThat(browser.script("return document.activeElement.id")).isEqualTo("reverse-reason");
			browser.click("#reverse-submit");
			browser.showsText("#reverse-form .field-error[data-field='reason']", "请写明为什么冲销");
			browser.type("#reverse-reason", "次仁的一笔交售记成了卓玛的");
			browser.click("#reverse-submit");
			browser.showsText("#run-title", "冲销");
			browser.showsText("#desk-notice", "冲销记录已生成");
			browser.showsText("#run-links", "冲销的是这个方案");
			browser.showsText("#run-approve-why", "不能自己审核");
			String reversalId = ((String) browser.script("return location.hash")).substring("#/desk/runs/".length());

			// the first accountant approves the reversal and computes the corrected run
			browser.click("#sign-out");
			browser.signIn(first, "accountant-pass-1");
			browser.click("#period-list [data-year='" + YEAR + "'] .open");
			browser.click("#run-list [data-run-id='" + reversalId + "'] .open");
			browser.click("#run-approve");
			browser.showsText("#desk-notice", "冲销已审核");
			browser.click("#run-links [data-link-to='" + runId + "']");
			browser.showsText("#run-links", "已被冲销");
			browser.click("#run-correct");
			browser.click("#compute-submit");
			browser.showsText("#run-links", "更正的是这个方案");
			String correctionId = ((String) browser.script("return location.hash")).substring("#/desk/runs/".length());
			browser.click("#run-back");
			browser.showsText("#run-list [data-run-id='" + runId + "']", "更正后的方案");
			assertThat(browser.all("#run-list .run")).extracting((card) -> card.getAttribute("data-run-id"))
				.containsExactly(correctionId, reversalId, runId);
			assertThat(browser.find("#run-list [data-run-id='" + runId + "']").getText()).contains("已冲销", "已被冲销");
			assertThat(browser.find("#run-list [data-run-id='" + correctionId + "']").getText()).contains("更正方案");
			top(browser, "#run-list");
			browser.screenshot("33-desk-runs-reversal-correction");

			// the audit log names who approved
			browser.click("#desk-nav [data-desk-tab='audit']");
			browser.type("#audit-actor", second);
			browser.click("#audit-submit");
			browser.shown("#audit-list [data-action='dividend-run.approve']");
			assertThat(browser.find("#audit-list [data-action='dividend-run.approve']").getText()).contains("审核分配方案");
			top(browser, "#view-desk");
			browser.screenshot("32-desk-audit");
		}

		try (ConsoleBrowser browser = ConsoleBrowser.laptop()) {
			browser.open(console());
			browser.signIn(second, "accountant-pass-2");
			browser.shown("#desk-periods");
			// the corrected run, approved on a laptop
			browser.click("#period-list [data-year='" + YEAR + "'] .open");
			browser.click("#run-list .run:first-child .open");
			browser.showsText("#run-title", "更正后的分配方案");
			browser.click("#run-approve");
			browser.showsText("#run-status", "已审核");
			browser.showsText("#run-lines", "扎西 Tashi");
			browser.script("window.scrollTo(0, 0)");
			browser.screenshot("31-desk-run-laptop");
			// the same page in English
			browser.click("#lang-switch");
			browser.showsText("#run-title", "Corrected dividend run");
			assertThat(browser.find("#run-pools [data-pool='R'] .pool-rule").getText())
				.contains("at least 60% of the distributable surplus");
			assertThat(browser.find("#run-status").getText()).isEqualTo("Approved");
			browser.click("#lang-switch");
			browser.showsText("#run-title", "更正后的分配方案");
		}

		// an admin reads the desk from the sessions' page, and changes nothing
		String admin = "admin-" + tag;
		this.fixtures.user(admin, "admin-password-1", Role.ADMIN);
		try (ConsoleBrowser browser = ConsoleBrowser.phone()) {
			browser.open(console());
			browser.signIn(admin, "admin-password-1");
			browser.shown("#view-sessions");
			browser.click("#to-desk a");
			browser.shown("#desk-periods");
			browser.shown("#desk-admin-note");
			assertThat(browser.find("#open-period-form").isDisplayed()).isFalse();
			browser.click("#period-list [data-year='" + YEAR + "'] .open");
			browser.shown("#run-list .run");
			assertThat(browser.all("#compute-form")).allMatch((form) -> !form.isDisplayed());
			browser.click("#desk-nav [data-desk-tab='policies']");
			browser.shown("#policy-list .policy");
			assertThat(browser.find("#policy-form").isDisplayed()).isFalse();
		}
	}

}
