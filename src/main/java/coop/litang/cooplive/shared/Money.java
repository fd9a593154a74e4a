package coop.litang.cooplive.shared;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * An amount of money in fen (1 yuan = 100 fen) of one currency, CNY by default. Integer
 * arithmetic only; operations refuse overflow and mixed currencies.
 *
 * @param fen the amount in the currency's minor unit
 * @param currency ISO 4217 code, upper case
 */
public record Money(long fen, String currency) implements Comparable<Money> {

	/** The cooperative's currency. */
	public static final String CNY = "CNY";

	public static final Money ZERO = new Money(0, CNY);

	public Money {
		if (currency == null || !currency.matches("[A-Z]{3}")) {
			throw new IllegalArgumentException("currency must be an ISO 4217 code, was " + currency);
		}
	}

	/** An amount of fen in CNY. */
	public static Money fen(long fen) {
		return new Money(fen, CNY);
	}

	/** A whole number of yuan in CNY. */
	public static Money yuan(long yuan) {
		return fen(Math.multiplyExact(yuan, 100L));
	}

	public Money add(Money other) {
		requireSameCurrency(other);
		return new Money(Math.addExact(this.fen, other.fen), this.currency);
	}

	public Money subtract(Money other) {
		requireSameCurrency(other);
		return new Money(Math.subtractExact(this.fen, other.fen), this.currency);
	}

	/** This amount times a quantity, such as a unit price times the units ordered. */
	public Money multiply(long quantity) {
		return new Money(Math.multiplyExact(this.fen, quantity), this.currency);
	}

	public boolean isNegative() {
		return this.fen < 0;
	}

	public boolean isZero() {
		return this.fen == 0;
	}

	/**
	 * Splits this amount over the given weights by the largest-remainder method: each
	 * part first gets {@code floor(amount × weight / Σweights)}; the fen left over go one
	 * each to the parts with the largest exact remainders; equal remainders are broken by
	 * position, the earlier weight first. The parts always sum to this amount exactly and
	 * the same inputs always give the same parts.
	 * @param weights non-negative weights, at least one of them positive
	 * @return one part per weight, in the order of the weights
	 * @throws IllegalArgumentException for a negative amount, a negative weight, no
	 * weights, or weights that are all zero
	 */
	public List<Money> allocate(List<Long> weights) {
		if (this.fen < 0) {
			throw new IllegalArgumentException("cannot allocate a negative amount");
		}
		if (weights.isEmpty()) {
			throw new IllegalArgumentException("no weights to allocate over");
		}
		BigInteger total = BigInteger.ZERO;
		for (Long weight : weights) {
			if (weight == null || weight < 0) {
				throw new IllegalArgumentException("weights must be non-negative, was " + weight);
			}
			total = total.add(BigInteger.valueOf(weight));
		}
		if (total.signum() == 0) {
			throw new IllegalArgumentException("weights must not all be zero");
		}
		BigInteger amount = BigInteger.valueOf(this.fen);
		long[] parts = new long[weights.size()];
		BigInteger[] remainders = new BigInteger[weights.size()];
		long assigned = 0;
		for (int i = 0; i < parts.length; i++) {
			BigInteger[] division = amount.multiply(BigInteger.valueOf(weights.get(i))).divideAndRemainder(total);
			parts[i] = division[0].longValueExact();
			remainders[i] = division[1];
			assigned += parts[i];
		}
		long leftover = this.fen - assigned;
		// leftover < number of positive weights, so each part gains at most one fen
		List<Integer> order = new ArrayList<>(IntStream.range(0, parts.length).boxed().toList());
		order.sort(Comparator.<Integer, BigInteger>comparing((i) -> remainders[i])
			.reversed()
			.thenComparing(Comparator.naturalOrder()));
		for (int k = 0; k < leftover; k++) {
			parts[order.get(k)]++;
		}
		List<Money> result = new ArrayList<>(parts.length);
		for (long part : parts) {
			result.add(new Money(part, this.currency));
		}
		return List.copyOf(result);
	}

	@Override
	public int compareTo(Money other) {
		requireSameCurrency(other);
		return Long.compare(this.fen, other.fen);
	}

	private void requireSameCurrency(Money other) {
		if (!this.currency.equals(other.currency)) {
			throw new IllegalArgumentException("currency mismatch: " + this.currency + " and " + other.currency);
		}
	}

	/**
	 * Reads yuan as people write them in spreadsheets: {@code 1180.5}, {@code 1,180.50},
	 * {@code -3}, at most two decimals, exactly (no floating point).
	 * @throws IllegalArgumentException for anything else
	 */
	public static Money parseYuan(String text) {
		String plain = text.strip().replace(",", "");
		boolean negative = plain.startsWith("-");
		String digits = negative ? plain.substring(1) : plain;
		int dot = digits.indexOf('.');
		String whole = (dot < 0) ? digits : digits.substring(0, dot);
		String cents = (dot < 0) ? "" : digits.substring(dot + 1);
		if (whole.isEmpty() || whole.length() > 13 || cents.length() > 2 || (dot >= 0 && cents.isEmpty())
				|| !whole.chars().allMatch((c) -> c >= '0' && c <= '9')
				|| !cents.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			throw new IllegalArgumentException("not an amount in yuan with at most two decimals: " + text.strip());
		}
		long fen = Long.parseLong(whole) * 100 + (cents.isEmpty() ? 0 : Long.parseLong((cents + "0").substring(0, 2)));
		return fen((negative) ? -fen : fen);
	}

	/** The amount in yuan with two decimals and no currency, such as {@code -1.50}. */
	public String decimal() {
		String sign = (this.fen < 0) ? "-" : "";
		long abs = Math.abs(this.fen);
		return String.format("%s%d.%02d", sign, abs / 100, abs % 100);
	}

	@Override
	public String toString() {
		String text = decimal();
		return text.startsWith("-") ? "-" + this.currency + " " + text.substring(1) : this.currency + " " + text;
	}

}
