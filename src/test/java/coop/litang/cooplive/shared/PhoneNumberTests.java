package coop.litang.cooplive.shared;

import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PhoneNumberTests {

	@ParameterizedTest
	@ValueSource(strings = { "13812345678", "138 1234 5678", "138-1234-5678", "+86 138 1234 5678", "0086-13812345678" })
	void normalizesTheWaysPeopleWriteOneNumber(String text) {
		assertThat(PhoneNumber.parse(text)).isEqualTo(new PhoneNumber("13812345678"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "12345", "23812345678", "1381234567", "138123456789", "phone" })
	void refusesWhatIsNotAMainlandMobileNumber(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> PhoneNumber.parse(text));
	}

	// the regular expressions the checks by hand stand for
	private static final Pattern NUMBER = Pattern.compile("1[3-9]\\d{9}");

	private static final Pattern SEPARATORS = Pattern.compile("[\\s\\-()]");

	@Test
	void readsNumbersAsTheRegularExpressionsDo() {
		String alphabet = "0123456789 \t\n\u000B\f\r-()+x\u00a0\u0663";
		Random random = new Random(20261201);
		int accepted = 0;
		for (int i = 0; i < 200_000; i++) {
			StringBuilder text = new StringBuilder(random.nextBoolean() ? "1" : "");
			text.append((char) ('0' + random.nextInt(10)));
			int length = 7 + random.nextInt(10);
			for (int j = 0; j < length; j++) {
				text.append((random.nextInt(4) == 0) ? alphabet.charAt(random.nextInt(alphabet.length()))
						: (char) ('0' + random.nextInt(10)));
			}
			String digits = SEPARATORS.matcher(text).replaceAll("");
			digits = digits.startsWith("+86") ? digits.substring(3)
					: digits.startsWith("0086") ? digits.substring(4) : digits;
			String expected = NUMBER.matcher(digits).matches() ? digits : null;
			String actual;
			try {
				actual = PhoneNumber.parse(text.toString()).value();
				accepted++;
			}
			catch (IllegalArgumentException ex) {
				actual = null;
			}
			assertThat(actual).as(text.toString()).isEqualTo(expected);
		}
		assertThat(accepted).isGreaterThan(1_000);
	}

	@Test
	void hidesTheMiddleDigitsWhenPrinted() {
		assertThat(PhoneNumber.parse("13812345678")).hasToString("138****5678");
	}

}
