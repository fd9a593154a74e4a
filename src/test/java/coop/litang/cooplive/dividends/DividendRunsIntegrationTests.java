package coop.litang.cooplive.dividends;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;

import coop.litang.cooplive.catalog.SkuView;
import coop.litang.cooplive.identity.Role;
import coop.litang.cooplive.inventory.InventoryManagement;
import coop.litang.cooplive.inventory.ReceiveStock;
import coop.litang.cooplive.members.ContributionSource;
import coop.litang.cooplive.members.MemberView;
import coop.litang.cooplive.members.MembersManagement;
import coop.litang.cooplive.members.NewContribution;
import coop.litang.cooplive.members.NewShareholder;
import coop.litang.cooplive.members.VillageView;
import coop.litang.cooplive.testing.Api;
import coop.litang.cooplive.testing.Fixtures;
import coop.litang.cooplive.testing.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The worked example of the dividends issue, end to end: stock receipts and capital
 * contributions in, a run computed, approved by a second accountant, exported. A database
 * of its own, so that no other test's receipts or shares take part.
 */
@IntegrationTest
@TestPropertySource(properties = "cooplive.test.context=dividends")
class DividendRunsIntegrationTests {

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

	int year;

	@BeforeEach
	void accountants() {
		this.first = this.fixtures.token(Role.ACCOUNTANT);
		this.second = this.fixtures.token(Role.ACCOUNTANT);
		this.year = LocalDate.now(ZoneId.of("Asia/Shanghai")).getYear();
	}

	private WebTestClient.ResponseSpec call(String method, String token, String uri, Object body) {
		return Api.call(this.web, method, token, uri, body);
	}

	private MemberView household(SkuView sku, long yuanTraded, long yuanCapital) {
		MemberView member = this.fixtures.member(false);
		this.inventory
			.receive(new ReceiveStock(sku.id(), member.id(), member.villageId(), 10L, yuanTraded * 100,
					LocalDate.of(this.year, 6, 1)), "test")
			.block();
		contribute(new NewShareholder(member.id(), null), yuanCapital, ContributionSource.OTHER);
		return member;
	}

	private void village(long yuanCapital) {
		VillageView village = this.fixtures.village();
		contribute(new NewShareholder(null, village.id()), yuanCapital, ContributionSource.VILLAGE_REVOLVING_FUND);
	}

	private void contribute(NewShareholder holder, long yuan, ContributionSource source) {
		var shareholder = this.members.createShareholder(holder).block();
		this.members
			.contribute(shareholder.id(),
					new NewContribution(yuan * 100, LocalDate.of(this.year - 1, 3, 1), source, "share capital"))
			.block();
	}

	@Test
	void theWorkedExampleIsComputedApprovedByASecondAccountantAndExported() {
		SkuView sku = this.fixtures.sku(100);
		MemberView h1 = household(sku, 1_200_000, 200_000);
		household(sku, 900_000, 200_000);
		household(sku, 600_000, 200_000);
		household(sku, 300_000, 200_000);
		village(600_000);
		village(600_000);

		FiscalPeriodView period = call("POST", this.first, "/api/v1/accounting/periods", Map.of("year", this.year))
			.expectStatus()
			.isCreated()
			.expectBody(FiscalPeriodView.class)
			.returnResult()
			.getResponseBody();
		String base = "/api/v1/accounting/periods/" + period.id();
		Map<String, Object> policy = Map.of("providentFundRateBp", 2000, "patronageRateBp", 6000, "patronageBasis",
				"AMOUNT", "providentBasis", "CAPITAL");
		call("POST", this.first, base + "/runs", policy).expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("PERIOD_OPEN");
		call("GET", this.first, base + "/prefill", null).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.costOfGoodsFen")
			.isEqualTo(300_000_000)
			.jsonPath("$.revenueFen")
			.isEqualTo(0);
		call("PUT", this.first, base + "/figures", Map.of("revenueFen", 450_000_000L)).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[*].field")
			.value((fields) -> assertThat(fields.toString()).contains("complete", "carriedLossFen"));
		// revenue − cost of goods − expenses − income tax = a surplus of ¥1,000,000
		call("PUT", this.first, base + "/figures",
				Map.of("revenueFen", 450_000_000L, "costOfGoodsFen", 300_000_000L, "expensesFen", 40_000_000L,
						"incomeTaxFen", 10_000_000L, "carriedLossFen", 0))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.surplusFen")
			.isEqualTo(100_000_000);
		call("POST", this.first, base + "/close", null).expectStatus().isOk();
		call("PUT", this.first, base + "/figures", Map.of("surplusFen", 1L, "carriedLossFen", 0)).expectStatus()
			.isEqualTo(409);

		// the bylaws' parameters are versioned; a period uses the version in effect on
		// its last day
		call("POST", this.first, "/api/v1/accounting/policies",
				Map.of("effectiveFrom", this.year + "-01-01", "providentFundRateBp", 2000, "patronageRateBp", 5999,
						"patronageBasis", "AMOUNT", "providentBasis", "CAPITAL"))
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("patronageRateBp");
		call("POST", this.first, "/api/v1/accounting/policies",
				Map.of("effectiveFrom", this.year + "-01-01", "providentFundRateBp", 2000, "patronageRateBp", 6000,
						"patronageBasis", "AMOUNT", "providentBasis", "CAPITAL"))
			.expectStatus()
			.isCreated();
		call("POST", this.first, "/api/v1/accounting/policies",
				Map.of("effectiveFrom", (this.year + 1) + "-01-01", "providentFundRateBp", 1000, "patronageRateBp",
						7000, "patronageBasis", "QUANTITY", "providentBasis", "PATRONAGE"))
			.expectStatus()
			.isCreated();
		DividendRunView run = call("POST", this.first, base + "/runs", Map.of()).expectStatus()
			.isCreated()
			.expectBody(DividendRunView.class)
			.returnResult()
			.getResponseBody();
		assertThat(run.status()).isEqualTo(RunStatus.DRAFT);
		assertThat(run.providentFundFen()).isEqualTo(20_000_000);
		assertThat(run.distributableFen()).isEqualTo(80_000_000);
		assertThat(run.patronagePoolFen()).isEqualTo(48_000_000);
		assertThat(run.capitalPoolFen()).isEqualTo(32_000_000);
		assertThat(run.lines()).extracting(DividendRunView.Line::totalFen)
			.containsExactly(22_400_000L, 17_600_000L, 12_800_000L, 8_000_000L, 9_600_000L, 9_600_000L);

		// computing again from the same stored inputs gives the same hash and supersedes
		// the draft
		DividendRunView again = call("POST", this.first, base + "/runs", policy).expectBody(DividendRunView.class)
			.returnResult()
			.getResponseBody();
		assertThat(again.inputHash()).isEqualTo(run.inputHash());
		call("GET", this.first, "/api/v1/accounting/runs/" + run.id(), null).expectBody()
			.jsonPath("$.status")
			.isEqualTo("SUPERSEDED");

		call("POST", this.first, "/api/v1/accounting/runs/" + again.id() + "/approve", null).expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("SAME_ACCOUNTANT");
		call("POST", this.second, "/api/v1/accounting/runs/" + again.id() + "/approve", null).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("APPROVED");
		call("POST", this.first, base + "/runs", policy).expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("RUN_APPROVED");
		// the provident fund is quantified to the members' accounts from next year on
		// (villages take no part)
		String account = "/api/v1/accounting/members/" + h1.id() + "/account";
		call("GET", this.first, account + "?asOf=" + this.year + "-12-31", null).expectBody()
			.jsonPath("$.providentShareFen")
			.isEqualTo(0)
			.jsonPath("$.capitalFen")
			.isEqualTo(20_000_000)
			.jsonPath("$.transactionAmountFen")
			.isEqualTo(120_000_000)
			.jsonPath("$.transactionsBySku[0].skuCode")
			.isEqualTo(sku.code())
			.jsonPath("$.transactionsBySku[0].amountFen")
			.isEqualTo(120_000_000);
		call("GET", this.first, account + "?asOf=" + (this.year + 1) + "-01-01", null).expectBody()
			.jsonPath("$.providentShareFen")
			.isEqualTo(5_000_000)
			.jsonPath("$.capitalBasisFen")
			.isEqualTo(25_000_000);
		assertThatThrownBy(() -> this.db.sql("UPDATE dividend_run_line SET total_fen = 1 WHERE run_id = :id")
			.bind("id", again.id())
			.then()
			.block()).hasMessageContaining("final");
		assertThatThrownBy(() -> this.db.sql("DELETE FROM dividend_run_line WHERE run_id = :id")
			.bind("id", again.id())
			.then()
			.block()).hasMessageContaining("final");
		call("POST", this.second, "/api/v1/accounting/runs/" + again.id() + "/approve", null).expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("RUN_NOT_DRAFT");
		assertThatThrownBy(() -> this.db.sql("UPDATE dividend_run SET surplus_fen = 1 WHERE id = :id")
			.bind("id", again.id())
			.then()
			.block()).hasMessageContaining("final");

		// lines are paid one by one after approval, each once
		call("POST", this.second, "/api/v1/accounting/runs/" + run.id() + "/lines/1/paid",
				Map.of("reference", "transfer 1"))
			.expectStatus()
			.isEqualTo(409);
		call("POST", this.second, "/api/v1/accounting/runs/" + again.id() + "/lines/1/paid",
				Map.of("reference", "农信社 transfer 0001"))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.lines[0].paymentReference")
			.isEqualTo("农信社 transfer 0001")
			.jsonPath("$.lines[1].paymentReference")
			.doesNotExist();
		call("POST", this.second, "/api/v1/accounting/runs/" + again.id() + "/lines/1/paid",
				Map.of("reference", "again"))
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("LINE_ALREADY_PAID");
		call("GET", this.first, "/api/v1/accounting/runs/" + again.id() + "/distribution-table", null).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.rows[0].amountFen")
			.isEqualTo(100_000_000)
			.jsonPath("$.rows[4].amountFen")
			.isEqualTo(20_000_000)
			.jsonPath("$.rows[5].amountFen")
			.isEqualTo(80_000_000)
			.jsonPath("$.rows[9].amountFen")
			.isEqualTo(0);
		// every accountant action is in the audit log
		assertThat(this.db.sql("SELECT action FROM audit_log ORDER BY id")
			.map((row) -> row.get(0, String.class))
			.all()
			.collectList()
			.block()).contains("fiscal-period.open", "fiscal-period.figures", "fiscal-period.close",
					"dividend-run.compute", "dividend-run.approve", "dividend-run.line-paid");

		call("GET", this.first, "/api/v1/accounting/runs/" + again.id() + "/lines/1/statement", null).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.line.totalFen")
			.isEqualTo(22_400_000)
			.jsonPath("$.steps.length()")
			.isEqualTo(10);
		String page = call("GET", this.first, "/api/v1/accounting/runs/" + again.id() + "/lines/5/statement.html", null)
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(page).contains("年度盈余分配通知书", "测试村", "¥96,000.00", "计算过程");

		byte[] csv = call("GET", this.second, "/api/v1/accounting/runs/" + again.id() + "/export.csv", null)
			.expectStatus()
			.isOk()
			.expectBody(byte[].class)
			.returnResult()
			.getResponseBody();
		assertThat(csv).startsWith(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF });
		String text = new String(csv, StandardCharsets.UTF_8);
		assertThat(text).contains("盈余返还", "\"测试村\"", "224000.00", "96000.00");

		// a mistake after approval: a reversal (approved by a second accountant), then a
		// new run linked to the old
		call("POST", this.first, "/api/v1/accounting/runs/" + again.id() + "/reverse", Map.of()).expectStatus()
			.isBadRequest();
		DividendRunView reversal = call("POST", this.first, "/api/v1/accounting/runs/" + again.id() + "/reverse",
				Map.of("reason", "a receipt was booked to the wrong household"))
			.expectStatus()
			.isCreated()
			.expectBody(DividendRunView.class)
			.returnResult()
			.getResponseBody();
		assertThat(reversal.kind()).isEqualTo(RunKind.REVERSAL);
		assertThat(reversal.correctsRunId()).isEqualTo(again.id());
		call("POST", this.first, base + "/runs", policy).expectStatus().isEqualTo(409);
		call("POST", this.second, "/api/v1/accounting/runs/" + reversal.id() + "/approve", null).expectStatus().isOk();
		call("POST", this.first, "/api/v1/accounting/runs/" + again.id() + "/reverse", Map.of("reason", "twice"))
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("RUN_REVERSED");
		DividendRunView corrected = call("POST", this.first, base + "/runs", policy).expectStatus()
			.isCreated()
			.expectBody(DividendRunView.class)
			.returnResult()
			.getResponseBody();
		assertThat(corrected.correctsRunId()).isEqualTo(again.id());
		call("POST", this.second, "/api/v1/accounting/runs/" + corrected.id() + "/approve", null).expectStatus().isOk();
		DividendRunView original = call("GET", this.first, "/api/v1/accounting/runs/" + again.id(), null)
			.expectBody(DividendRunView.class)
			.returnResult()
			.getResponseBody();
		assertThat(original.status()).isEqualTo(RunStatus.APPROVED);
		assertThat(original.reversedBy()).isEqualTo(reversal.id());
		call("GET", this.first, account + "?asOf=" + (this.year + 1) + "-01-01", null).expectBody()
			.jsonPath("$.providentShareFen")
			.isEqualTo(5_000_000)
			.jsonPath("$.entries.length()")
			.isEqualTo(3);
		call("POST", this.first, account + "/entries",
				Map.of("kind", "PROVIDENT_SHARE", "amountFen", 1, "effectiveOn", this.year + "-06-01", "reference",
						"by hand"))
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("kind");
		// closing the period closed the books through its last day: its inputs stay as
		// they were
		call("POST", this.first, account + "/entries",
				Map.of("kind", "SUBSIDY_SHARE", "amountFen", 300_000, "effectiveOn", this.year + "-06-01", "reference",
						"back-dated"))
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("BOOKS_CLOSED");
		var shareholder = this.members.shareholders(new coop.litang.cooplive.shared.PageQuery(0, 1))
			.block()
			.items()
			.get(0);
		assertThatThrownBy(
				() -> this.members
					.contribute(shareholder.id(),
							new NewContribution(100L, LocalDate.of(this.year, 6, 1), ContributionSource.OTHER,
									"back-dated"))
					.block())
			.hasMessageContaining("closed");
		call("POST", this.first, account + "/entries",
				Map.of("kind", "SUBSIDY_SHARE", "amountFen", 300_000, "effectiveOn", (this.year + 1) + "-01-15",
						"reference", "state subsidy, greenhouse"))
			.expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.subsidyShareFen")
			.isEqualTo(300_000);
		assertThat(original.lines()).isEqualTo(
				again.lines().stream().map((line) -> line.lineNo() == 1 ? original.lines().get(0) : line).toList());
	}

	@Test
	void aLossYearIsRefusedWithTheReasonAndOnlyAccountantsWrite() {
		FiscalPeriodView period = call("POST", this.first, "/api/v1/accounting/periods", Map.of("year", this.year - 5))
			.expectStatus()
			.isCreated()
			.expectBody(FiscalPeriodView.class)
			.returnResult()
			.getResponseBody();
		String base = "/api/v1/accounting/periods/" + period.id();
		call("PUT", this.first, base + "/figures", Map.of("surplusFen", -500_000L, "carriedLossFen", 0)).expectStatus()
			.isOk();
		call("POST", this.first, base + "/close", null).expectStatus().isOk();
		call("POST", this.first, base + "/runs",
				Map.of("providentFundRateBp", 1000, "patronageRateBp", 6000, "patronageBasis", "AMOUNT",
						"providentBasis", "CAPITAL"))
			.expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("RUN_REFUSED")
			.jsonPath("$.detail")
			.value((detail) -> assertThat(detail.toString()).contains("loss year"));
		call("POST", this.first, base + "/runs",
				Map.of("providentFundRateBp", 1000, "patronageRateBp", 5000, "patronageBasis", "AMOUNT",
						"providentBasis", "CAPITAL"))
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("patronageRateBp");
		// a year in which no member delivered anything has nobody to return the patronage
		// pool to
		FiscalPeriodView quiet = call("POST", this.first, "/api/v1/accounting/periods", Map.of("year", this.year - 4))
			.expectBody(FiscalPeriodView.class)
			.returnResult()
			.getResponseBody();
		call("PUT", this.first, "/api/v1/accounting/periods/" + quiet.id() + "/figures",
				Map.of("surplusFen", 500_000L, "carriedLossFen", 0))
			.expectStatus()
			.isOk();
		call("POST", this.first, "/api/v1/accounting/periods/" + quiet.id() + "/close", null).expectStatus().isOk();
		call("POST", this.first, "/api/v1/accounting/periods/" + quiet.id() + "/runs",
				Map.of("providentFundRateBp", 1000, "patronageRateBp", 6000, "patronageBasis", "AMOUNT",
						"providentBasis", "CAPITAL"))
			.expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.detail")
			.value((detail) -> assertThat(detail.toString()).contains("no member transactions"));
		String admin = this.fixtures.token(Role.ADMIN);
		call("GET", admin, "/api/v1/accounting/periods", null).expectStatus().isOk();
		call("POST", admin, "/api/v1/accounting/periods", Map.of("year", this.year - 6)).expectStatus().isForbidden();
	}

}
