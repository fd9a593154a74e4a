package coop.litang.cooplive.buyers;

import coop.litang.cooplive.shared.PhoneNumber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without an SMS provider, development runs write the code to the log, with the number's
 * middle digits hidden.
 */
@ExtendWith(OutputCaptureExtension.class)
class LoggedSmsTests {

	@Test
	void writesTheCodeAndTheMaskedNumberToTheLog(CapturedOutput output) {
		new LoggedSms().sendCode(new PhoneNumber("13912345678"), "042917").block();

		assertThat(output.getOut()).contains("WARN").contains("139****5678").contains("042917");
		assertThat(output.getOut()).doesNotContain("13912345678");
	}

}
