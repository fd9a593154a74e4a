package coop.litang.cooplive.dividends;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import coop.litang.cooplive.catalog.SkuView;
import coop.litang.cooplive.identity.Role;
import coop.litang.cooplive.inventory.InventoryManagement;
import coop.litang.cooplive.inventory.ReceiveStock;
import coop.litang.cooplive.members.ContributionSource;
import coop.litang.cooplive.members.MemberView;
import coop.litang.cooplive.members.MembersManagement;
import coop.litang.cooplive.members.NewContribution;
import coop.litang.cooplive.members.NewShareholder;
import coop.litang.cooplive.members.ShareholderView;
import coop.litang.cooplive.members.VillageView;
import coop.litang.cooplive.shared.CooperativeCalendar;
import coop.litang.cooplive.testing.Api;
import coop.litang.cooplive.testing.Fixtures;
import coop.litang.cooplive.testing.IntegrationTest;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The books an accountant can trust: a delivery counts in the year it was delivered,
 * closing a period freezes every input of its runs, volumes come in whole files or not at
 * all (once per file), a period's runs are listed with their links, and the audit log is
 * read with filters. A database of its own: closing a year closes it for every test that
 * shares the database.
 */
@IntegrationTest
@TestPropertySource(properties = "cooplive.test.context=books")
class BooksIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	WebTestClient web;

	@Autowired
	Fixtures fixtures;

	@Autowired
	MembersManagement members;

	@Autowired
	InventoryManagement inventory;

	@Autowired
	DatabaseClient db;

	String first;

	String second;

	LocalDate today;

	@BeforeEach
	void accountants() {
		this.first = this.fixtures.token(Role.ACCOUNTANT);
		this.second = this.fixtures.token(Role.ACCOUNTANT);
		this.today = CooperativeCalendar.today(java.time.Clock.systemUTC());
	}

	private WebTestClient.ResponseSpec call(String method, String token, String uri, Object body) {
		return Api.call(this.web, method, token, uri, body);
	}

	private ShareholderView shareholder(MemberView member, long yuan, LocalDate on) {
		ShareholderView holder = this.members.createShareholder(new NewShareholder(member.id(), null)).block();
		this.members.contribute(holder.id(), new NewContribution(yuan * 100, on, ContributionSource.OTHER, "cash"))
			.block();
		return holder;
	}

	private long count(String sql) {
		return this.db.sql(sql).map((row) -> row.get(0, Long.class)).one().block();
	}

	@Test
	void closingAPeriodFreezesEveryInputOfItsRunsAndDeliveriesCountByTheDayDelivered() {
		// last year, with everything recorded today: a delivery of 28 December recorded
		// in the new year counts in the year it was delivered
		int year = this.today.getYear() - 1;
		SkuView sku = this.fixtures.sku(100);
		MemberView a = this.fixtures.member(false);
		MemberView b = this.fixtures.member(false);
		ShareholderView aHolder = shareholder(a, 50_000, LocalDate.of(year, 3, 1));
		shareholder(b, 30_000, LocalDate.of(year, 3, 1));
		String receipts = "/api/v1/admin/stock-receipts";
		String admin = this.fixtures.token(Role.ADMIN);
		call("POST", admin, receipts,
				Map.of("skuId", sku.id(), "supplierMemberId", a.id(), "originVillageId", a.villageId(), "quantity", 10,
						"purchaseValueFen", 600_000_00L, "harvestDate", year + "-07-01", "deliveredOn",
						year + "-12-28"))
			.expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.deliveredOn")
			.isEqualTo(year + "-12-28");
		call("POST", admin, receipts,
				Map.of("skuId", sku.id(), "supplierMemberId", a.id(), "originVillageId", a.villageId(), "quantity", 1,
						"purchaseValueFen", 100L, "harvestDate", year + "-07-01", "deliveredOn",
						this.today.plusDays(1).toString()))
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("deliveredOn");
		// produce of b's sold at the market, never stock of the shop
		call("POST", this.first, "/api/v1/accounting/volumes",
				Map.of("memberId", b.id(), "deliveredOn", year + "-11-02", "quantity", 4, "amountFen", 200_000_00L,
						"description", "松茸 matsutake, Litang market", "reference", "receipt book p. 7"))
			.expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.amountFen")
			.isEqualTo(200_000_00L);
		long stockBefore = this.fixtures.level(sku.id()).onHand();
		call("POST", this.first, "/api/v1/accounting/members/" + b.id() + "/account/entries",
				Map.of("kind", "SUBSIDY_SHARE", "amountFen", 20_000_00L, "effectiveOn", year + "-06-01", "reference",
						"county subsidy"))
			.expectStatus()
			.isCreated();

		FiscalPeriodView period = call("POST", this.first, "/api/v1/accounting/periods", Map.of("year", year))
			.expectStatus()
			.isCreated()
			.expectBody(FiscalPeriodView.class)
			.returnResult()
			.getResponseBody();
		String base = "/api/v1/accounting/periods/" + period.id();
		call("PUT", this.first, base + "/figures", Map.of("surplusFen", 100_000_00L, "carriedLossFen", 0))
			.expectStatus()
			.isOk();
		call("POST", this.first, base + "/close", null).expectStatus().isOk();
		Map<String, Object> policy = Map.of("providentFundRateBp", 1000, "patronageRateBp", 6000, "patronageBasis",
				"AMOUNT", "providentBasis", "CAPITAL");
		DividendRunView run = call("POST", this.first, base + "/runs", policy).expectStatus()
			.isCreated()
			.expectBody(DividendRunView.class)
			.returnResult()
			.getResponseBody();
		// both deliveries count in the closed year: the stock receipt by its delivery
		// day,
		// the market sale as a volume that never was stock
		assertThat(run.lines()).extracting(DividendRunView.Line::patronageWeight)
			.containsExactly(600_000_00L, 200_000_00L);
		// b's capital basis holds its subsidy share
		assertThat(run.lines()).extracting(DividendRunView.Line::capitalWeight)
			.containsExactly(50_000_00L, 30_000_00L + 20_000_00L);
		assertThat(this.fixtures.level(sku.id()).onHand()).isEqualTo(stockBefore);

		// after the close nothing dated in the closed year is recorded
		call("POST", admin, receipts,
				Map.of("skuId", sku.id(), "supplierMemberId", a.id(), "originVillageId", a.villageId(), "quantity", 5,
						"purchaseValueFen", 999_000_00L, "harvestDate", year + "-07-01", "deliveredOn",
						year + "-12-30"))
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("BOOKS_CLOSED")
			.jsonPath("$.field")
			.isEqualTo("deliveredOn");
		call("POST", this.first, "/api/v1/accounting/volumes",
				Map.of("memberId", a.id(), "deliveredOn", year + "-12-31", "quantity", 0, "amountFen", 1_00L,
						"description", "late", "reference", "late"))
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("BOOKS_CLOSED");
		call("POST", admin, "/api/v1/admin/shareholders/" + aHolder.id() + "/contributions",
				Map.of("amountFen", 1_000_00L, "contributedOn", year + "-12-31", "source", "OTHER"))
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("BOOKS_CLOSED");
		call("POST", this.first, "/api/v1/accounting/members/" + a.id() + "/account/entries",
				Map.of("kind", "DONATION_SHARE", "amountFen", 5_000_00L, "effectiveOn", year + "-12-31", "reference",
						"late donation"))
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("BOOKS_CLOSED");
		upload("deliveries", "late.csv",
				csv("memberNumber,deliveredOn,amountYuan", a.number() + "," + year + "-12-31,100.00"))
			.expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.rows[0].row")
			.isEqualTo(2)
			.jsonPath("$.rows[0].field")
			.isEqualTo("deliveredOn");

		// this year's are recorded, and change nothing of the closed year
		call("POST", admin, receipts,
				Map.of("skuId", sku.id(), "supplierMemberId", a.id(), "originVillageId", a.villageId(), "quantity", 5,
						"purchaseValueFen", 999_000_00L, "harvestDate", this.today.toString()))
			.expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.deliveredOn")
			.isEqualTo(this.today.toString());
		call("POST", this.first, "/api/v1/accounting/volumes",
				Map.of("memberId", a.id(), "deliveredOn", this.today.toString(), "quantity", 0, "amountFen", 1_00L,
						"description", "this year", "reference", "this year"))
			.expectStatus()
			.isCreated();
		call("POST", admin, "/api/v1/admin/shareholders/" + aHolder.id() + "/contributions",
				Map.of("amountFen", 1_000_00L, "contributedOn", this.today.toString(), "source", "OTHER"))
			.expectStatus()
			.isCreated();
		call("POST", this.first, "/api/v1/accounting/members/" + a.id() + "/account/entries",
				Map.of("kind", "DONATION_SHARE", "amountFen", 5_000_00L, "effectiveOn", this.today.toString(),
						"reference", "donation"))
			.expectStatus()
			.isCreated();
		DividendRunView again = call("POST", this.first, base + "/runs", policy).expectStatus()
			.isCreated()
			.expectBody(DividendRunView.class)
			.returnResult()
			.getResponseBody();
		assertThat(again.inputHash()).isEqualTo(run.inputHash());
		assertThat(again.lines()).extracting(DividendRunView.Line::totalFen)
			.containsExactlyElementsOf(run.lines().stream().map(DividendRunView.Line::totalFen).toList());
		assertThat(count("SELECT count(*) FROM stock_receipt WHERE delivered_on BETWEEN '" + year + "-01-01' AND '"
				+ year + "-12-31' AND supplier_member_id = '" + a.id() + "'"))
			.isOne();

		// the period's runs, listed with the links between a reversal and its correction
		call("POST", this.second, "/api/v1/accounting/runs/" + again.id() + "/approve", null).expectStatus().isOk();
		DividendRunView reversal = call("POST", this.first, "/api/v1/accounting/runs/" + again.id() + "/reverse",
				Map.of("reason", "a delivery was counted twice"))
			.expectStatus()
			.isCreated()
			.expectBody(DividendRunView.class)
			.returnResult()
			.getResponseBody();
		call("POST", this.second, "/api/v1/accounting/runs/" + reversal.id() + "/approve", null).expectStatus().isOk();
		DividendRunView correction = call("POST", this.first, base + "/runs", policy).expectStatus()
			.isCreated()
			.expectBody(DividendRunView.class)
			.returnResult()
			.getResponseBody();
		List<Map<String, Object>> runs = runs(base);
		assertThat(runs).extracting((r) -> r.get("id"))
			.containsExactly(correction.id().toString(), reversal.id().toString(), again.id().toString(),
					run.id().toString());
		assertThat(runs).extracting((r) -> r.get("kind") + " " + r.get("status"))
			.containsExactly("RUN DRAFT", "REVERSAL APPROVED", "RUN APPROVED", "RUN SUPERSEDED");
		assertThat(runs.get(0).get("correctsRunId")).isEqualTo(again.id().toString());
		assertThat(runs.get(1).get("correctsRunId")).isEqualTo(again.id().toString());
		assertThat(runs.get(2).get("reversedBy")).isEqualTo(reversal.id().toString());
		assertThat(runs.get(2).get("correctedBy")).isEqualTo(correction.id().toString());
		assertThat(runs.get(2).get("approvedBy")).isNotNull();
		assertThat(runs.get(3).get("lineCount")).isEqualTo(2);
		call("GET", this.first, "/api/v1/accounting/periods/" + UUID.randomUUID() + "/runs", null).expectStatus()
			.isNotFound();
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> runs(String base) {
		return call("GET", this.first, base + "/runs", null).expectStatus()
			.isOk()
			.expectBody(List.class)
			.returnResult()
			.getResponseBody();
	}

	@Test
	void aDeliveriesFileIsImportedWholeOrNotAtAllAndOnce() throws IOException {
		MemberView a = this.fixtures.member(false);
		MemberView b = this.fixtures.member(false);
		String day = this.today.withDayOfMonth(1).toString();
		List<List<Object>> bad = List.of(List.of(a.number(), day, 10, 1200.5, "虫草 cordyceps", "p. 1"),
				List.of(999_999_999L, day, 1, 10, "", ""), List.of(b.number(), "31/12/2025", 2, "12.345", "", ""),
				List.of(b.number(), day, 0, 0, "", ""),
				List.of(b.number(), this.today.plusDays(3).toString(), 1, 1, "", ""));
		long entriesBefore = count("SELECT count(*) FROM volume_entry");
		long importsBefore = count("SELECT count(*) FROM book_import");
		upload("deliveries", "season.xlsx", xlsx(bad)).expectStatus()
			.isEqualTo(422)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("IMPORT_REFUSED")
			.jsonPath("$.rows.length()")
			.isEqualTo(5)
			.jsonPath("$.rows[*].row")
			.value((rows) -> assertThat(rows.toString()).isEqualTo("[3,4,4,5,6]"))
			.jsonPath("$.rows[*].field")
			.value((fields) -> assertThat(fields.toString())
				.isEqualTo("[\"memberNumber\",\"deliveredOn\",\"amountYuan\",\"amountYuan\",\"deliveredOn\"]"));
		assertThat(count("SELECT count(*) FROM volume_entry")).isEqualTo(entriesBefore);
		assertThat(count("SELECT count(*) FROM book_import")).isEqualTo(importsBefore);

		byte[] good = xlsx(List.of(List.of(a.number(), day, 10, 1200.5, "虫草 cordyceps", "p. 1"),
				List.of(b.number(), day, 3, "2,000.05", "", ""),
				List.of(a.number(), day, -1, -0.5, "correction", "p. 2")));
		upload("deliveries", "season.xlsx", good).expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.rows")
			.isEqualTo(3)
			.jsonPath("$.repeated")
			.isEqualTo(false);
		assertThat(this.db
			.sql("SELECT string_agg(amount_fen || '/' || quantity, ' ' ORDER BY import_row) FROM volume_entry "
					+ "WHERE member_id IN (:a, :b) AND import_id IS NOT NULL")
			.bind("a", a.id())
			.bind("b", b.id())
			.map((row) -> row.get(0, String.class))
			.one()
			.block()).isEqualTo("120050/10 200005/3 -50/-1");
		// the same file again changes nothing
		upload("deliveries", "season-copy.xlsx", good).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.repeated")
			.isEqualTo(true)
			.jsonPath("$.fileName")
			.isEqualTo("season.xlsx");
		assertThat(count("SELECT count(*) FROM volume_entry")).isEqualTo(entriesBefore + 3);
		call("GET", this.first, "/api/v1/accounting/volumes?year=" + this.today.getYear() + "&memberId=" + a.id(), null)
			.expectBody()
			.jsonPath("$.totalItems")
			.isEqualTo(2);

		// two uploads of one new file at the same moment record it once
		byte[] twin = csv("成员编号 memberNumber,交付日期 deliveredOn,金额（元）amountYuan", b.number() + "," + day + ",77.00");
		WebClient client = WebClient.create("http://localhost:" + this.port);
		List<Integer> statuses = Mono
			.zip(rawUpload(client, "deliveries", "twin.csv", twin), rawUpload(client, "deliveries", "twin.csv", twin))
			.map((both) -> List.of(both.getT1(), both.getT2()))
			.block(Duration.ofSeconds(30));
		assertThat(statuses).containsExactlyInAnyOrder(201, 200);
		assertThat(count("SELECT count(*) FROM volume_entry WHERE amount_fen = 7700 AND member_id = '" + b.id() + "'"))
			.isOne();
	}

	@Test
	void aCapitalFileNamesShareholdersByMemberNumberOrVillageCodeAndKeepsWithdrawalsCovered() {
		MemberView a = this.fixtures.member(false);
		shareholder(a, 1_000, this.today.withDayOfMonth(1));
		VillageView village = this.fixtures.village();
		ShareholderView villageHolder = this.members.createShareholder(new NewShareholder(null, village.id())).block();
		String day = this.today.withDayOfMonth(1).toString();
		String heading = "股东 shareholder,入股日期 contributedOn,金额（元）amountYuan,来源 source,备注 note";
		// GB 18030, as Excel saves CSV on Chinese Windows; the withdrawal exceeds a's
		// capital counting the file's first row
		byte[] refused = csv(Charset.forName("GB18030"), heading, a.number() + "," + day + ",500,OTHER,现金",
				a.number() + "," + day + ",-1600,OTHER,退股", village.code() + "," + day + ",60000,GIFT,");
		upload("capital", "capital.csv", refused).expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.rows[*].field")
			.value((fields) -> assertThat(fields.toString()).isEqualTo("[\"amountYuan\",\"source\"]"))
			.jsonPath("$.rows[0].message")
			.value((message) -> assertThat(message.toString()).contains("1500.00"));
		assertThat(this.members.contributions(villageHolder.id()).block()).isEmpty();

		byte[] good = csv(Charset.forName("GB18030"), heading, a.number() + "," + day + ",500,OTHER,现金",
				a.number() + "," + day + ",-1500,OTHER,退股",
				village.code() + "," + day + ",60000,VILLAGE_REVOLVING_FUND,扶贫周转金");
		upload("capital", "capital.csv", good).expectStatus().isCreated().expectBody().jsonPath("$.rows").isEqualTo(3);
		assertThat(this.members.contributions(villageHolder.id()).block()).singleElement()
			.satisfies((c) -> assertThat(c.amountFen()).isEqualTo(60_000_00L));
		assertThat(this.members.capitalBases(this.today)
			.filter((basis) -> a.id().equals(basis.memberId()))
			.blockFirst()
			.capitalFen()).isZero();
	}

	@Test
	void templatesComeAsCsvAndXlsxAndAFilledTemplateImports() throws IOException {
		byte[] template = call("GET", this.first, "/api/v1/accounting/imports/deliveries/template.xlsx", null)
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
			.expectBody(byte[].class)
			.returnResult()
			.getResponseBody();
		MemberView a = this.fixtures.member(false);
		byte[] filled;
		try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(template));
				ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			Sheet sheet = workbook.getSheetAt(0);
			assertThat(sheet.getRow(0).getCell(0).getStringCellValue()).contains("memberNumber");
			Row row = sheet.getRow(1);
			row.getCell(0).setCellValue(Long.toString(a.number()));
			row.getCell(1).setCellValue(this.today.toString());
			workbook.write(out);
			filled = out.toByteArray();
		}
		upload("deliveries", "filled.xlsx", filled).expectStatus().isCreated();
		call("GET", this.first, "/api/v1/accounting/imports/capital/template.csv", null).expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((text) -> assertThat(text).startsWith("\uFEFF股东").contains("contributedOn"));
		call("GET", this.first, "/api/v1/accounting/imports/wages/template.csv", null).expectStatus().isNotFound();
		upload("wages", "x.csv", csv("a", "b")).expectStatus().isNotFound();
		// a broken workbook, a file without the columns, and no file at all
		upload("deliveries", "broken.xlsx", "PK not a workbook".getBytes(StandardCharsets.UTF_8)).expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.rows[0].field")
			.isEqualTo("file");
		upload("deliveries", "notes.csv", csv("name,phone", "a,b")).expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.rows[*].field")
			.value((fields) -> assertThat(fields.toString()).contains("memberNumber", "deliveredOn", "amountYuan"));
		this.web.post()
			.uri("/api/v1/accounting/imports/deliveries")
			.headers((h) -> h.setBearerAuth(this.first))
			.contentType(MediaType.MULTIPART_FORM_DATA)
			.body(BodyInserters.fromMultipartData(new MultipartBodyBuilder().build()))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void theAuditLogIsFilteredByActorKindEntityAndTimeForAdminsAndAccountants() {
		Instant before = Instant.now().minusSeconds(1);
		int year = 2090 + (int) (Math.random() * 9);
		FiscalPeriodView period = call("POST", this.first, "/api/v1/accounting/periods", Map.of("year", year))
			.expectBody(FiscalPeriodView.class)
			.returnResult()
			.getResponseBody();
		call("PUT", this.first, "/api/v1/accounting/periods/" + period.id() + "/figures",
				Map.of("surplusFen", 1_00L, "carriedLossFen", 0))
			.expectStatus()
			.isOk();
		String actor = this.db.sql("SELECT actor FROM audit_log WHERE subject = :s LIMIT 1")
			.bind("s", "fiscal-period:" + period.id())
			.map((row) -> row.get(0, String.class))
			.one()
			.block();
		String audit = "/api/v1/admin/audit?entityKind=fiscal-period&entityId=" + period.id();
		call("GET", this.second, audit, null).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.totalItems")
			.isEqualTo(2)
			.jsonPath("$.items[0].action")
			.isEqualTo("fiscal-period.figures")
			.jsonPath("$.items[0].after.surplusFen")
			.isEqualTo(100)
			.jsonPath("$.items[0].before.surplusFen")
			.doesNotExist()
			.jsonPath("$.items[1].action")
			.isEqualTo("fiscal-period.open")
			.jsonPath("$.items[1].entityKind")
			.isEqualTo("fiscal-period");
		call("GET", this.fixtures.token(Role.ADMIN), "/api/v1/admin/audit?actor=" + actor + "&from=" + before, null)
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.totalItems")
			.isEqualTo(2);
		call("GET", this.second, audit + "&to=" + before, null).expectBody().jsonPath("$.totalItems").isEqualTo(0);
		call("GET", this.second, audit + "&size=1&page=1", null).expectBody()
			.jsonPath("$.items[0].action")
			.isEqualTo("fiscal-period.open");
		call("GET", this.second, "/api/v1/admin/audit?from=yesterday", null).expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		call("GET", this.fixtures.token(Role.HOST), "/api/v1/admin/audit", null).expectStatus().isForbidden();
	}

	private static MultipartBodyBuilder file(String name, byte[] content) {
		MultipartBodyBuilder body = new MultipartBodyBuilder();
		body.part("file", new ByteArrayResource(content) {
			@Override
			public String getFilename() {
				return name;
			}
		});
		return body;
	}

	private WebTestClient.ResponseSpec upload(String kind, String name, byte[] content) {
		MultipartBodyBuilder body = file(name, content);
		return this.web.post()
			.uri("/api/v1/accounting/imports/" + kind)
			.headers((h) -> h.setBearerAuth(this.first))
			.contentType(MediaType.MULTIPART_FORM_DATA)
			.body(BodyInserters.fromMultipartData(body.build()))
			.exchange();
	}

	private Mono<Integer> rawUpload(WebClient client, String kind, String name, byte[] content) {
		MultipartBodyBuilder body = file(name, content);
		return client.post()
			.uri("/api/v1/accounting/imports/" + kind)
			.headers((h) -> h.setBearerAuth(this.first))
			.contentType(MediaType.MULTIPART_FORM_DATA)
			.body(BodyInserters.fromMultipartData(body.build()))
			.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()));
	}

	private static byte[] csv(String... lines) {
		return csv(StandardCharsets.UTF_8, lines);
	}

	private static byte[] csv(Charset charset, String... lines) {
		return (String.join("\r\n", lines) + "\r\n").getBytes(charset);
	}

	// the deliveries template's columns, numbers as numeric cells as a spreadsheet keeps
	// them
	private static byte[] xlsx(List<List<Object>> rows) throws IOException {
		List<String> heading = List.of("成员编号 memberNumber", "交付日期 deliveredOn", "数量 quantity", "金额（元）amountYuan",
				"货品 description", "凭证 reference");
		List<List<Object>> all = new ArrayList<>();
		all.add(new ArrayList<>(heading));
		all.addAll(rows);
		try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			Sheet sheet = workbook.createSheet("deliveries");
			for (int r = 0; r < all.size(); r++) {
				Row row = sheet.createRow(r);
				for (int c = 0; c < all.get(r).size(); c++) {
					Object value = all.get(r).get(c);
					if (value instanceof Number number) {
						row.createCell(c).setCellValue(number.doubleValue());
					}
					else {
						row.createCell(c).setCellValue(value.toString());
					}
				}
			}
			workbook.write(out);
			return out.toByteArray();
		}
	}

}
