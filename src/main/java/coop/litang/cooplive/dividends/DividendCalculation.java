package coop.litang.cooplive.dividends;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import coop.litang.cooplive.shared.Money;

/**
 * The arithmetic of a surplus distribution, exact to the fen: the year's surplus makes up
 * carried losses, the provident fund is taken ({@code P = floor(rate × base)}), the rest
 * is the distributable surplus {@code D}; the patronage pool {@code R} is at least 60% of
 * {@code D} rounded up ({@code max(ceil(0.6 D), ceil(rate × D))}) and is split by
 * transaction volume; the rest {@code C = D − R} by capital basis (capital contributions,
 * quantified provident-fund and subsidy shares); {@code P} is quantified to members.
 * Every pool is split once with {@link Money#allocate} in participant order (the
 * tie-break), so each pool's parts sum to the pool exactly.
 */
final class DividendCalculation {

	private DividendCalculation() {
	}

	/**
	 * Someone the distribution pays: a member household or a shareholding village.
	 *
	 * @param key a stable reference, such as {@code member:1001} or {@code village:XIAYI}
	 * @param member whether it is a member household (only members are patrons)
	 * @param order position in the tie-break order (members by member number, then
	 * villages)
	 * @param transactionAmountFen member transactions with the cooperative in the period
	 * @param transactionQuantity units delivered in the period
	 * @param capitalBasisFen capital contributions plus quantified provident-fund and
	 * subsidy shares, as of the period's end
	 */
	record Participant(String key, boolean member, long order, long transactionAmountFen, long transactionQuantity,
			long capitalBasisFen) {

		Participant {
			if (transactionAmountFen < 0 || transactionQuantity < 0 || capitalBasisFen < 0) {
				throw new IllegalArgumentException(key + ": transactions and capital cannot be negative");
			}
			if (!member && (transactionAmountFen > 0 || transactionQuantity > 0)) {
				throw new IllegalArgumentException(key + ": only members have transactions with the cooperative");
			}
		}

	}

	/**
	 * One participant's line.
	 *
	 * @param key the participant
	 * @param patronageWeight the transaction volume used
	 * @param capitalWeight the capital basis used
	 * @param providentWeight the weight the provident fund was quantified by
	 * @param patronageRefundFen its part of {@code R}
	 * @param capitalShareFen its part of {@code C}
	 * @param providentShareFen its part of {@code P}, credited to its member account
	 * @param totalFen paid out: patronage refund plus capital share
	 */
	record Line(String key, long patronageWeight, long capitalWeight, long providentWeight, long patronageRefundFen,
			long capitalShareFen, long providentShareFen, long totalFen) {
	}

	/**
	 * The header figures and the lines.
	 *
	 * @param surplusFen {@code S}, the year's surplus after income tax
	 * @param carriedLossFen {@code L}, losses carried from earlier years and made up now
	 * @param providentFundFen {@code P}
	 * @param distributableFen {@code D}
	 * @param patronagePoolFen {@code R}
	 * @param capitalPoolFen {@code C}
	 * @param lines one per participant, in participant order
	 */
	record Result(long surplusFen, long carriedLossFen, long providentFundFen, long distributableFen,
			long patronagePoolFen, long capitalPoolFen, List<Line> lines) {
	}

	/** The distribution cannot be computed as asked; the reason says why. */
	static final class Refused extends IllegalArgumentException {

		Refused(String reason) {
			super(reason);
		}

	}

	static Result compute(long surplusFen, long carriedLossFen, DividendPolicy policy, List<Participant> given) {
		if (carriedLossFen < 0) {
			throw new Refused("the carried loss cannot be negative");
		}
		long base = Math.subtractExact(surplusFen, carriedLossFen);
		if (base <= 0) {
			throw new Refused("no surplus to distribute: the year's surplus " + Money.fen(surplusFen)
					+ " does not exceed the carried loss " + Money.fen(carriedLossFen) + " (a loss year has no run)");
		}
		List<Participant> participants = new ArrayList<>(given);
		participants.sort(Comparator.comparingLong(Participant::order).thenComparing(Participant::key));

		long provident = fraction(base, policy.providentFundRateBp(), false);
		long distributable = base - provident;
		long patronagePool = Math.max(fraction(distributable, DividendPolicy.LEGAL_MINIMUM_PATRONAGE_BP, true),
				fraction(distributable, policy.patronageRateBp(), true));
		long capitalPool = distributable - patronagePool;

		List<Long> patronageWeights = participants.stream()
			.map((p) -> p.member() ? ((policy.patronageBasis() == DividendPolicy.PatronageBasis.AMOUNT)
					? p.transactionAmountFen() : p.transactionQuantity()) : 0L)
			.toList();
		List<Long> capitalWeights = participants.stream().map(Participant::capitalBasisFen).toList();
		List<Long> providentWeights = IntStream.range(0, participants.size())
			.mapToObj((i) -> !participants.get(i).member() ? 0L
					: (policy.providentBasis() == DividendPolicy.ProvidentBasis.CAPITAL)
							? participants.get(i).capitalBasisFen() : patronageWeights.get(i))
			.toList();

		List<Money> patronage = split(patronagePool, patronageWeights,
				"no member transactions in the period: the patronage refund (at least 60% of the distributable "
						+ "surplus) has nobody to go to");
		List<Money> capital = split(capitalPool, capitalWeights,
				"no capital basis: the remaining surplus has nobody to go to");
		List<Money> providentShares = split(provident, providentWeights, "no member to quantify the provident fund to");

		List<Line> lines = new ArrayList<>();
		for (int i = 0; i < participants.size(); i++) {
			long refund = patronage.get(i).fen();
			long share = capital.get(i).fen();
			lines.add(new Line(participants.get(i).key(), patronageWeights.get(i), capitalWeights.get(i),
					providentWeights.get(i), refund, share, providentShares.get(i).fen(),
					Math.addExact(refund, share)));
		}
		return new Result(surplusFen, carriedLossFen, provident, distributable, patronagePool, capitalPool,
				List.copyOf(lines));
	}

	private static List<Money> split(long pool, List<Long> weights, String nobody) {
		if (pool == 0) {
			return weights.stream().map((w) -> Money.ZERO).toList();
		}
		if (weights.stream().allMatch((w) -> w == 0)) {
			throw new Refused(nobody);
		}
		return Money.fen(pool).allocate(weights);
	}

	// amount × bp / 10,000, rounded down or up, on exact integers
	private static long fraction(long amount, int basisPoints, boolean roundUp) {
		BigInteger[] division = BigInteger.valueOf(amount)
			.multiply(BigInteger.valueOf(basisPoints))
			.divideAndRemainder(BigInteger.valueOf(10_000));
		long result = division[0].longValueExact();
		return (roundUp && division[1].signum() > 0) ? result + 1 : result;
	}

}
