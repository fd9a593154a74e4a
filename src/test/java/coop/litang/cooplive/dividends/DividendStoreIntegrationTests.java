package coop.litang.cooplive.dividends;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import coop.litang.cooplive.shared.PageQuery;
import coop.litang.cooplive.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fiscal periods and policy versions as stored: figures entered again replace the earlier
 * ones, closing is guarded, times and enums round-trip.
 */
@IntegrationTest
@TestPropertySource(properties = "cooplive.test.context=dividend-store")
class DividendStoreIntegrationTests {

	@Autowired
	DividendStore store;

	@Autowired
	DatabaseClient db;

	@Test
	void figuresEnteredAsOneSurplusClearTheEarlierPartsAndClosingIsGuarded() {
		UUID id = UUID.randomUUID();
		Instant opened = Instant.parse("2031-03-01T08:00:00.123456Z");
		this.store.insertPeriod(id, 2031, opened).block();
		assertThat(this.store.yearTaken(2031).block()).isTrue();
		assertThat(this.store.yearTaken(2032).block()).isFalse();
		assertThat(this.store.close(id, "first", opened).block()).isZero();

		assertThat(this.store.setFigures(id, new PeriodFigures(500L, 300L, 40L, 10L, null, 0L)).block()).isOne();
		assertThat(this.store.period(id).block().surplusFen()).isEqualTo(150L);
		assertThat(this.store.setFigures(id, new PeriodFigures(null, null, null, null, 90L, 7L)).block()).isOne();
		FiscalPeriodView figures = this.store.period(id).block();
		assertThat(figures.revenueFen()).isNull();
		assertThat(figures.costOfGoodsFen()).isNull();
		assertThat(figures.expensesFen()).isNull();
		assertThat(figures.incomeTaxFen()).isNull();
		assertThat(figures.surplusFen()).isEqualTo(90L);
		assertThat(figures.carriedLossFen()).isEqualTo(7L);

		Instant closed = Instant.parse("2032-01-05T02:30:00.654321Z");
		assertThat(this.store.close(id, "first", closed).block()).isOne();
		assertThat(this.store.close(id, "first", closed).block()).isZero();
		assertThat(this.store.setFigures(id, new PeriodFigures(null, null, null, null, 1L, 0L)).block()).isZero();
		FiscalPeriodView period = this.store.period(id).block();
		assertThat(period.status()).isEqualTo(PeriodStatus.CLOSED);
		assertThat(period.closedAt()).isEqualTo(closed);
		assertThat(period.closedBy()).isEqualTo("first");
		assertThat(this.db.sql("SELECT status, created_at FROM fiscal_period WHERE id = :id")
			.bind("id", id)
			.map((row) -> row.get("status", String.class) + " " + row.get("created_at", Instant.class))
			.one()
			.block()).isEqualTo("CLOSED " + opened.truncatedTo(ChronoUnit.MICROS));
		assertThat(this.store.periods(new PageQuery(0, 10)).collectList().block()).extracting(FiscalPeriodView::year)
			.contains(2031);
		assertThat(this.store.countPeriods().block()).isPositive();
	}

	@Test
	void thePolicyInEffectIsTheLatestVersionEffectiveOnTheDay() {
		int first = this.store
			.insertPolicy(
					new NewPolicyVersion(LocalDate.of(2040, 1, 1), 1_000, 6_000, DividendPolicy.PatronageBasis.AMOUNT,
							DividendPolicy.ProvidentBasis.CAPITAL, null),
					"first", Instant.parse("2040-01-01T00:00:00Z"))
			.block();
		int second = this.store
			.insertPolicy(
					new NewPolicyVersion(LocalDate.of(2041, 7, 1), 2_000, 7_000, DividendPolicy.PatronageBasis.QUANTITY,
							DividendPolicy.ProvidentBasis.PATRONAGE, DividendPolicy.TieBreak.JOINED_ON),
					"first", Instant.parse("2041-06-01T00:00:00Z"))
			.block();
		assertThat(second).isEqualTo(first + 1);

		assertThat(this.store.policyInEffect(LocalDate.of(2041, 6, 30)).block().version()).isEqualTo(first);
		PolicyVersionView later = this.store.policyInEffect(LocalDate.of(2041, 12, 31)).block();
		assertThat(later).isEqualTo(new PolicyVersionView(second, LocalDate.of(2041, 7, 1),
				new DividendPolicy(2_000, 7_000, DividendPolicy.PatronageBasis.QUANTITY,
						DividendPolicy.ProvidentBasis.PATRONAGE, DividendPolicy.TieBreak.JOINED_ON)));
		assertThat(this.store.policy(first).block().policy().tieBreak())
			.isEqualTo(DividendPolicy.TieBreak.MEMBER_NUMBER);
		assertThat(this.store.policyInEffect(LocalDate.of(2039, 12, 31)).blockOptional()).isEmpty();
		assertThat(this.store.policies().collectList().block()).extracting(PolicyVersionView::version)
			.containsSubsequence(first, second);
	}

}
