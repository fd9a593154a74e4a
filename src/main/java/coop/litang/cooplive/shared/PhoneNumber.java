package coop.litang.cooplive.shared;

import java.util.regex.Pattern;

/**
 * A mainland China mobile number in its normalized form: eleven digits starting with 1,
 * without country code, spaces or dashes. Two spellings of one number normalize to the
 * same value, which is what per-buyer limits and unique member phones rely on.
 *
 * @param value the eleven digits
 */
public record PhoneNumber(String value) {

	private static final Pattern NUMBER = Pattern.compile("1[3-9]\\d{9}");

	private static final Pattern SEPARATORS = Pattern.compile("[\\s\\-()]");

	public PhoneNumber {
		if (value == null || !NUMBER.matcher(value).matches()) {
			throw new IllegalArgumentException("must be a mainland China mobile number of 11 digits");
		}
	}

	/**
	 * Normalizes a number as a person may type it: {@code +86 138-1234-5678},
	 * {@code 0086 13812345678}, {@code 138 1234 5678}.
	 * @throws IllegalArgumentException when the text is not such a number
	 */
	public static PhoneNumber parse(String text) {
		if (text == null) {
			throw new IllegalArgumentException("must not be empty");
		}
		String digits = SEPARATORS.matcher(text).replaceAll("");
		if (digits.startsWith("+86")) {
			digits = digits.substring(3);
		}
		else if (digits.startsWith("0086")) {
			digits = digits.substring(4);
		}
		return new PhoneNumber(digits);
	}

	/** The number with its middle four digits hidden, for logs and public views. */
	public String masked() {
		return this.value.substring(0, 3) + "****" + this.value.substring(7);
	}

	@Override
	public String toString() {
		return masked();
	}

}
