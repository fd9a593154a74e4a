package coop.litang.cooplive.shared;

/**
 * A mainland China mobile number in its normalized form: eleven digits starting with 1,
 * without country code, spaces or dashes. Two spellings of one number normalize to the
 * same value, which is what per-buyer limits and unique member phones rely on.
 *
 * @param value the eleven digits
 */
public record PhoneNumber(String value) {

	public PhoneNumber {
		if (!mobile(value)) {
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
		String digits = withoutSeparators(text);
		if (digits.startsWith("+86")) {
			digits = digits.substring(3);
		}
		else if (digits.startsWith("0086")) {
			digits = digits.substring(4);
		}
		return new PhoneNumber(digits);
	}

	// 1, then 3 to 9, then nine digits: what the regular expression 1[3-9]\d{9} matches,
	// checked by hand (numbers are checked on every order)
	private static boolean mobile(String value) {
		if (value == null || value.length() != 11 || value.charAt(0) != '1' || value.charAt(1) < '3'
				|| value.charAt(1) > '9') {
			return false;
		}
		for (int i = 2; i < 11; i++) {
			if (value.charAt(i) < '0' || value.charAt(i) > '9') {
				return false;
			}
		}
		return true;
	}

	// the text without the whitespace ([ \t\n\x0B\f\r]), dashes and parentheses people
	// write in numbers
	private static String withoutSeparators(String text) {
		StringBuilder kept = null;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			boolean separator = c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r'
					|| c == '-' || c == '(' || c == ')';
			if (separator && kept == null) {
				kept = new StringBuilder(text.length()).append(text, 0, i);
			}
			else if (!separator && kept != null) {
				kept.append(c);
			}
		}
		return (kept != null) ? kept.toString() : text;
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
