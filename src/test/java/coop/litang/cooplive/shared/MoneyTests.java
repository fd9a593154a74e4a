package coop.litang.cooplive.shared;

import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MoneyTests {

	@Test
	void addsSubtractsAndMultipliesInFen() {
		assertThat(Money.fen(1999).add(Money.fen(1))).isEqualTo(Money.fen(2000));
		assertThat(Money.fen(1999).subtract(Money.fen(2000))).isEqualTo(Money.fen(-1));
		assertThat(Money.fen(5800).multiply(3)).isEqualTo(Money.fen(17400));
		assertThat(Money.yuan(96_000)).isEqualTo(Money.fen(9_600_000));
		assertThat(Money.fen(-150)).hasToString("-CNY 1.50");
	}

	@Test
	void refusesOverflowInsteadOfWrappingAround() {
		assertThatThrownBy(() -> Money.fen(Long.MAX_VALUE).add(Money.fen(1))).isInstanceOf(ArithmeticException.class);
		assertThatThrownBy(() -> Money.fen(Long.MAX_VALUE / 2).multiply(3)).isInstanceOf(ArithmeticException.class);
	}

	@Test
	void refusesMixingCurrencies() {
		assertThatIllegalArgumentException().isThrownBy(() -> Money.fen(1).add(new Money(1, "USD")));
		assertThatIllegalArgumentException().isThrownBy(() -> new Money(1, "yuan"));
	}

	@Test
	void allocatesByLargestRemainderWithTheEarlierWeightWinningTies() {
		// 100 over three equal weights: 33.33 each, the leftover fen goes to the first
		assertThat(Money.fen(100).allocate(List.of(1L, 1L, 1L))).containsExactly(Money.fen(34), Money.fen(33),
				Money.fen(33));
		// remainders 0.5 / 0.25 / 0.25 of a fen: the largest remainder wins, not the
		// position
		assertThat(Money.fen(5).allocate(List.of(1L, 2L, 1L))).containsExactly(Money.fen(1), Money.fen(3),
				Money.fen(1));
		assertThat(Money.fen(10).allocate(List.of(0L, 3L))).containsExactly(Money.fen(0), Money.fen(10));
	}

	@Test
	void allocatesTheJiawaDividendExactly() {
		// two villages with equal shares of 19,200,000 fen each receive 9,600,000 fen
		assertThat(Money.fen(19_200_000).allocate(List.of(100_000_000L, 100_000_000L)))
			.containsExactly(Money.fen(9_600_000), Money.fen(9_600_000));
	}

	@Test
	void refusesToAllocateOverNothing() {
		assertThatIllegalArgumentException().isThrownBy(() -> Money.fen(10).allocate(List.of()));
		assertThatIllegalArgumentException().isThrownBy(() -> Money.fen(10).allocate(List.of(0L, 0L)));
		assertThatIllegalArgumentException().isThrownBy(() -> Money.fen(10).allocate(List.of(1L, -1L)));
		assertThatIllegalArgumentException().isThrownBy(() -> Money.fen(-10).allocate(List.of(1L)));
	}

	@Property
	void partsAlwaysSumToTheWhole(@ForAll @LongRange(max = 1_000_000_000_000L) long fen,
			@ForAll @Size(min = 1, max = 60) List<@LongRange(max = 10_000_000_000L) Long> weights) {
		List<Long> usable = withOnePositive(weights);
		List<Money> parts = Money.fen(fen).allocate(usable);
		assertThat(parts).hasSameSizeAs(usable);
		assertThat(parts.stream().mapToLong(Money::fen).sum()).isEqualTo(fen);
	}

	@Property
	void partsAreNeverNegativeAndWithinOneFenOfTheirExactShare(@ForAll @LongRange(max = 1_000_000_000_000L) long fen,
			@ForAll @Size(min = 1, max = 60) List<@LongRange(max = 10_000_000_000L) Long> weights) {
		List<Long> usable = withOnePositive(weights);
		List<Money> parts = Money.fen(fen).allocate(usable);
		java.math.BigInteger total = usable.stream()
			.map(java.math.BigInteger::valueOf)
			.reduce(java.math.BigInteger.ZERO, java.math.BigInteger::add);
		for (int i = 0; i < parts.size(); i++) {
			long floor = java.math.BigInteger.valueOf(fen)
				.multiply(java.math.BigInteger.valueOf(usable.get(i)))
				.divide(total)
				.longValueExact();
			assertThat(parts.get(i).fen()).isNotNegative().isBetween(floor, floor + 1);
			if (usable.get(i) == 0) {
				assertThat(parts.get(i).fen()).isZero();
			}
		}
	}

	@Property
	void sameInputsGiveTheSameParts(@ForAll @LongRange(max = 1_000_000_000L) long fen,
			@ForAll @Size(min = 1, max = 30) List<@LongRange(max = 1_000_000L) Long> weights) {
		List<Long> usable = withOnePositive(weights);
		assertThat(Money.fen(fen).allocate(usable)).isEqualTo(Money.fen(fen).allocate(new ArrayList<>(usable)));
	}

	private static List<Long> withOnePositive(List<Long> weights) {
		List<Long> usable = new ArrayList<>(weights);
		if (usable.stream().allMatch((w) -> w == 0)) {
			usable.set(0, 1L);
		}
		return usable;
	}

}
