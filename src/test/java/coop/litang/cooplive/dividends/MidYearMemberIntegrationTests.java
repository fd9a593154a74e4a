package coop.litang.cooplive.dividends;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;

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
import coop.litang.cooplive.testing.Fixtures;
import coop.litang.cooplive.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A household that joined in the middle of the year shares by what it delivered and the
 * capital it had paid in by the year's end.
 */
@IntegrationTest
@TestPropertySource(properties = "cooplive.test.context=mid-year")
class MidYearMemberIntegrationTests {

	@Autowired
	WebTestClient web;

	@Autowired
	Fixtures fixtures;

	@Autowired
	MembersManagement members;

	@Autowired
	InventoryManagement inventory;

	private MemberView household(LocalDate joined, LocalDate contributed, long yuanTraded, long yuanCapital,
			SkuView sku) {
		var village = this.fixtures.village();
		MemberView member = this.members
			.createMember(new MemberDetails("Household " + Fixtures.unique(), Fixtures.uniquePhone(), village.id(),
					true, false, joined))
			.block();
		this.inventory
			.receive(new ReceiveStock(sku.id(), member.id(), village.id(), 1L, yuanTraded * 100, joined), "test")
			.block();
		var holder = this.members.createShareholder(new NewShareholder(member.id(), null)).block();
		this.members
			.contribute(holder.id(), new NewContribution(yuanCapital * 100, contributed, ContributionSource.OTHER, ""))
			.block();
		return member;
	}

	@Test
	void aMemberWhoJoinedMidYearSharesByItsDeliveriesAndCapital() {
		int year = LocalDate.now(ZoneId.of("Asia/Shanghai")).getYear();
		SkuView sku = this.fixtures.sku(100);
		// the joiner is registered first, so it has the lower member number but joined
		// later
		MemberView joiner = household(LocalDate.of(year, 7, 1), LocalDate.of(year, 8, 1), 100_000, 100_000, sku);
		household(LocalDate.of(year - 5, 1, 1), LocalDate.of(year - 5, 1, 1), 300_000, 100_000, sku);
		String first = this.fixtures.token(Role.ACCOUNTANT);
		FiscalPeriodView period = this.web.post()
			.uri("/api/v1/accounting/periods")
			.headers((h) -> h.setBearerAuth(first))
			.bodyValue(Map.of("year", year))
			.exchange()
			.expectBody(FiscalPeriodView.class)
			.returnResult()
			.getResponseBody();
		String base = "/api/v1/accounting/periods/" + period.id();
		this.web.put()
			.uri(base + "/figures")
			.headers((h) -> h.setBearerAuth(first))
			.bodyValue(Map.of("surplusFen", 10_000_002L, "carriedLossFen", 0))
			.exchange()
			.expectStatus()
			.isOk();
		this.web.post().uri(base + "/close").headers((h) -> h.setBearerAuth(first)).exchange().expectStatus().isOk();
		DividendRunView run = compute(first, base, "MEMBER_NUMBER");
		// R = ceil(60% × 10,000,002) = 6,000,002 split 1:3 leaves one fen on a tie of
		// halves;
		// C = 4,000,000 split 1:1. By member number the joiner gets the fen
		DividendRunView.Line line = lineOf(run, joiner);
		assertThat(line.patronageWeight()).isEqualTo(10_000_000);
		assertThat(line.capitalWeight()).isEqualTo(10_000_000);
		assertThat(line.patronageRefundFen()).isEqualTo(1_500_001);
		assertThat(line.capitalShareFen()).isEqualTo(2_000_000);
		assertThat(run.lines().stream().mapToLong(DividendRunView.Line::totalFen).sum()).isEqualTo(10_000_002);
		// by joining date the older member gets it
		assertThat(lineOf(compute(first, base, "JOINED_ON"), joiner).patronageRefundFen()).isEqualTo(1_500_000);
	}

	private DividendRunView compute(String token, String base, String tieBreak) {
		return this.web.post()
			.uri(base + "/runs")
			.headers((h) -> h.setBearerAuth(token))
			.bodyValue(Map.of("providentFundRateBp", 0, "patronageRateBp", 6000, "patronageBasis", "AMOUNT",
					"providentBasis", "CAPITAL", "tieBreak", tieBreak))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(DividendRunView.class)
			.returnResult()
			.getResponseBody();
	}

	private static DividendRunView.Line lineOf(DividendRunView run, MemberView member) {
		return run.lines()
			.stream()
			.filter((l) -> l.participant().equals("member:" + member.number()))
			.findFirst()
			.orElseThrow();
	}

}
