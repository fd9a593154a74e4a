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
 * Every word of the register, the household card and the household file is there in
 * Chinese and in English, and every key the screens ask for is there.
 */
class ConsoleRegisterTextsTests {

	private static final Pattern KEY = Pattern.compile("^ {4}'([^']+)':", Pattern.MULTILINE);

	private static final Pattern USED = Pattern.compile("t\\('(reg\\.[A-Za-z.]+)'");

	private static Set<String> keys(Pattern pattern, String text) {
		Set<String> keys = new TreeSet<>();
		Matcher matcher = pattern.matcher(text);
		while (matcher.find()) {
			keys.add(matcher.group(1));
		}
		return keys;
	}

	private static String read(String name) throws IOException {
		return Files.readString(Path.of("src/main/resources/static/console", name), StandardCharsets.UTF_8);
	}

	@Test
	void everyKeyIsInBothLanguagesAndEveryKeyUsedIsThere() throws IOException {
		String source = read("register-i18n.js");
		int zh = source.indexOf("\n  zh: {");
		int en = source.indexOf("\n  en: {");
		Set<String> chinese = keys(KEY, source.substring(zh, en));
		Set<String> english = keys(KEY, source.substring(en));
		assertThat(chinese).contains("reg.file.forbidden", "reg.labels.title", "reg.disclosure.showName");
		assertThat(english).isEqualTo(chinese);
		assertThat(chinese).containsAll(keys(USED, read("register.js") + read("household.js")));
	}

}
