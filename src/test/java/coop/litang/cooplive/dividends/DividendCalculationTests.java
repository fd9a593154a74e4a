package coop.litang.cooplive.dividends;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import coop.litang.cooplive.dividends.DividendCalculation.Line;
import coop.litang.cooplive.dividends.DividendCalculation.Participant;
import coop.litang.cooplive.dividends.DividendCalculation.Refused;
import coop.litang.cooplive.dividends.DividendCalculation.Result;
import coop.litang.cooplive.dividends.DividendPolicy.PatronageBasis;
import coop.litang.cooplive.dividends.DividendPolicy.ProvidentBasis;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DividendCalculationTests {

	private static final DividendPolicy TWENTY_SIXTY = new DividendPolicy(2_000, 6_000, PatronageBasis.AMOUNT,
			ProvidentBasis.CAPITAL);

	private static Participant household(int number, long yuanTraded, long yuanCapital) {
		return new Participant("member:" + number, true, number, yuanTraded * 100, 0, yuanCapital * 100);
	}

	private static Participant village(String code, long order, long yuanCapital) {
		return new Participant("village:" + code, false, order, 0, 0, yuanCapital * 100);
	}

	@Test
	void reproducesTheWorkedExampleToTheFen() {
		List<Participant> participants = List.of(household(1, 1_200_000, 200_000), household(2, 900_000, 200_000),
				household(3, 600_000, 200_000), household(4, 300_000, 200_000), village("V1", 10_001, 600_000),
				village("V2", 10_002, 600_000));
		Result result = DividendCalculation.compute(100_000_000, 0, TWENTY_SIXTY, participants);

		assertThat(result.providentFundFen()).isEqualTo(20_000_000);
		assertThat(result.distributableFen()).isEqualTo(80_000_000);
		assertThat(result.patronagePoolFen()).isEqualTo(48_000_000);
		assertThat(result.capitalPoolFen()).isEqualTo(32_000_000);
		assertThat(result.lines()).extracting(Line::totalFen)
			.containsExactly(22_400_000L, 17_600_000L, 12_800_000L, 8_000_000L, 9_600_000L, 9_600_000L);
		assertThat(result.lines().get(4).patronageRefundFen()).isZero();
		assertThat(result.lines().get(4).capitalShareFen()).isEqualTo(9_600_000);
	}

	@Test
	void carriedLossesAreMadeUpBeforeTheProvidentFund() {
		Result result = DividendCalculation.compute(100_000_000, 10_000_000, TWENTY_SIXTY,
				List.of(household(1, 10, 10), household(2, 10, 10)));
		assertThat(result.providentFundFen()).isEqualTo(18_000_000);
		assertThat(result.distributableFen()).isEqualTo(72_000_000);
	}

	@Test
	void aLossYearHasNoRunAndSaysWhy() {
		assertThatThrownBy(() -> DividendCalculation.compute(-5_000, 0, TWENTY_SIXTY, List.of(household(1, 1, 1))))
			.isInstanceOf(Refused.class)
			.hasMessageContaining("loss year");
		assertThatThrownBy(() -> DividendCalculation.compute(5_000, 5_000, TWENTY_SIXTY, List.of(household(1, 1, 1))))
			.isInstanceOf(Refused.class);
	}

	@Test
	void aPeriodWithoutMemberTransactionsIsRefusedWithTheReason() {
		assertThatThrownBy(() -> DividendCalculation.compute(1_000_000, 0, TWENTY_SIXTY,
				List.of(household(1, 0, 100), village("V1", 9_999, 100))))
			.isInstanceOf(Refused.class)
			.hasMessageContaining("no member transactions");
	}

	@Test
	void aPolicyBelowTheLegalPatronageShareIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new DividendPolicy(1_000, 5_999, PatronageBasis.AMOUNT, ProvidentBasis.CAPITAL))
			.withMessageContaining("60%");
	}

	@Test
	void villagesAreNeverPatrons() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Participant("village:X", false, 1, 100, 0, 100));
	}

	@Property(tries = 300)
	void poolsSumExactlyAndRespectTheLegalShare(@ForAll @LongRange(min = 1, max = 10_000_000_000L) long surplus,
			@ForAll @IntRange(min = 0, max = 5_000) int providentBp,
			@ForAll @IntRange(min = 6_000, max = 10_000) int patronageBp,
			@ForAll("participants") List<Participant> participants) {
		DividendPolicy policy = new DividendPolicy(providentBp, patronageBp, PatronageBasis.AMOUNT,
				ProvidentBasis.CAPITAL);
		Result result = DividendCalculation.compute(surplus, 0, policy, participants);

		assertThat(result.providentFundFen() + result.distributableFen()).isEqualTo(surplus);
		assertThat(result.patronagePoolFen() + result.capitalPoolFen()).isEqualTo(result.distributableFen());
		long legalMinimum = ceil(result.distributableFen(), 6_000);
		assertThat(result.patronagePoolFen()).isGreaterThanOrEqualTo(legalMinimum)
			.isGreaterThanOrEqualTo(ceil(result.distributableFen(), patronageBp));
		assertThat(result.lines().stream().mapToLong(Line::patronageRefundFen).sum())
			.isEqualTo(result.patronagePoolFen());
		assertThat(result.lines().stream().mapToLong(Line::capitalShareFen).sum()).isEqualTo(result.capitalPoolFen());
		assertThat(result.lines().stream().mapToLong(Line::providentShareFen).sum())
			.isEqualTo(result.providentFundFen());
		assertThat(result.lines()).allSatisfy((line) -> {
			assertThat(line.patronageRefundFen()).isNotNegative();
			assertThat(line.capitalShareFen()).isNotNegative();
			assertThat(line.providentShareFen()).isNotNegative();
			assertThat(line.totalFen()).isEqualTo(line.patronageRefundFen() + line.capitalShareFen());
		});
		assertWithinOneFen(result.patronagePoolFen(), result.lines().stream().map(Line::patronageWeight).toList(),
				result.lines().stream().map(Line::patronageRefundFen).toList());
		assertWithinOneFen(result.capitalPoolFen(), result.lines().stream().map(Line::capitalWeight).toList(),
				result.lines().stream().map(Line::capitalShareFen).toList());
	}

	@Property(tries = 100)
	void theSameInputsGiveTheSameRunInWhateverOrderTheyCome(
			@ForAll @LongRange(min = 1, max = 1_000_000_000L) long surplus,
			@ForAll("participants") List<Participant> participants) {
		List<Participant> reversed = new ArrayList<>(participants);
		java.util.Collections.reverse(reversed);
		assertThat(DividendCalculation.compute(surplus, 0, TWENTY_SIXTY, reversed))
			.isEqualTo(DividendCalculation.compute(surplus, 0, TWENTY_SIXTY, participants));
	}

	@Provide
	Arbitrary<List<Participant>> participants() {
		Arbitrary<Participant> member = Combinators
			.combine(Arbitraries.longs().between(0, 1_000_000_000L), Arbitraries.longs().between(0, 500_000_000L))
			.as((traded, capital) -> new Participant("m", true, 0, traded, 0, capital));
		Arbitrary<Participant> village = Arbitraries.longs()
			.between(0, 2_000_000_000L)
			.map((capital) -> new Participant("v", false, 0, 0, 0, capital));
		return Arbitraries.oneOf(member, member, member, village).list().ofMinSize(1).ofMaxSize(40).map((list) -> {
			List<Participant> numbered = new ArrayList<>();
			for (int i = 0; i < list.size(); i++) {
				Participant p = list.get(i);
				numbered.add(new Participant((p.member() ? "member:" : "village:") + i, p.member(), i,
						p.transactionAmountFen(), 0, p.capitalBasisFen()));
			}
			// a run needs someone to receive each pool
			numbered.add(new Participant("member:last", true, list.size(), 1, 0, 1));
			return numbered;
		});
	}

	private static long ceil(long amount, int basisPoints) {
		BigInteger[] division = BigInteger.valueOf(amount)
			.multiply(BigInteger.valueOf(basisPoints))
			.divideAndRemainder(BigInteger.valueOf(10_000));
		return division[0].longValueExact() + ((division[1].signum() > 0) ? 1 : 0);
	}

	private static void assertWithinOneFen(long pool, List<Long> weights, List<Long> parts) {
		BigInteger total = weights.stream().map(BigInteger::valueOf).reduce(BigInteger.ZERO, BigInteger::add);
		for (int i = 0; i < weights.size(); i++) {
			BigInteger exactTimesTotal = BigInteger.valueOf(pool).multiply(BigInteger.valueOf(weights.get(i)));
			BigInteger partTimesTotal = BigInteger.valueOf(parts.get(i)).multiply(total);
			// |part − pool × w / Σw| < 1 fen
			assertThat(partTimesTotal.subtract(exactTimesTotal).abs()).isLessThan(total);
		}
	}

}
