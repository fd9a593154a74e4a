package coop.litang.cooplive.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every word of the console is there in Chinese and in English; only the Chinese wordings
 * of the API's own (English) validation messages have no English key, the message itself
 * being English.
 */
class ConsoleTextsTests {

	private static final Pattern KEY = Pattern.compile("^ {4}(?:'([^']+)'|(\\w+)):", Pattern.MULTILINE);

	private static Set<String> keys(String block) {
		Set<String> keys = new TreeSet<>();
		Matcher matcher = KEY.matcher(block);
		while (matcher.find()) {
			keys.add((matcher.group(1) != null) ? matcher.group(1) : matcher.group(2));
		}
		return keys;
	}

	@Test
	void everyKeyIsInBothLanguages() throws IOException {
		String source = Files.readString(Path.of("src/main/resources/static/console/i18n.js"), StandardCharsets.UTF_8);
		int zh = source.indexOf("\n  zh: {");
		int en = source.indexOf("\n  en: {");
		int end = source.indexOf("\n  },", en);
		assertThat(zh).isPositive();
		assertThat(en).isGreaterThan(zh);
		Set<String> chinese = keys(source.substring(zh, en));
		Set<String> english = keys(source.substring(en, end));
		assertThat(chinese).contains("lineup.pin", "addItem.badPrice", "problem.PRICE_NEEDS_ADMIN",
				"problem.ILLEGAL_SESSION_TRANSITION", "confirm.start", "confirm.end");
		assertThat(english).isSubsetOf(chinese);
		Set<String> chineseOnly = new TreeSet<>(chinese);
		chineseOnly.removeAll(english);
		assertThat(chineseOnly).allMatch((key) -> key.startsWith("validation."));
	}

}
