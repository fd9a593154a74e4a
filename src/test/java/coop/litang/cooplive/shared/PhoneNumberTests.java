package coop.litang.cooplive.shared;

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

	@Test
	void hidesTheMiddleDigitsWhenPrinted() {
		assertThat(PhoneNumber.parse("13812345678")).hasToString("138****5678");
	}

}
