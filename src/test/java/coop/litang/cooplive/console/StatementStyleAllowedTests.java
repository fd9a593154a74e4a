package coop.litang.cooplive.console;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The desk opens a statement's printable page from a blob the console made, so the page
 * lives under the console's Content-Security-Policy: the policy allows the statement's
 * own style sheet by its hash, and nothing else inline.
 */
class StatementStyleAllowedTests {

	@Test
	void theConsolePolicyAllowsTheStatementsStyleByItsHash() throws Exception {
		Class<?> document = Class.forName("coop.litang.cooplive.dividends.StatementDocument");
		Field css = document.getDeclaredField("CSS");
		css.setAccessible(true);
		byte[] digest = MessageDigest.getInstance("SHA-256")
			.digest(((String) css.get(null)).getBytes(StandardCharsets.UTF_8));
		String source = "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
		assertThat(ConsoleConfiguration.CONTENT_SECURITY_POLICY).contains("style-src 'self' " + source + ";");
		assertThat(ConsoleConfiguration.CONTENT_SECURITY_POLICY).doesNotContain("unsafe-inline");
	}

}
