package coop.litang.cooplive;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import coop.litang.cooplive.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The whole API description, as a client developer downloads it, passes Redocly's
 * recommended rules ({@code redocly.yaml}) without an error or a warning: every operation
 * has a summary, a tag, its security and the problems it may answer.
 */
@IntegrationTest
class OpenApiLintTests {

	// pinned: a new release may bring new rules, taken up on purpose
	static final String REDOCLY = "@redocly/cli@2.77.0";

	static final Path DESCRIPTION = Path.of("target", "openapi.json");

	@Autowired
	WebTestClient web;

	@Test
	void theApiDescriptionLintsCleanUnderRedoclysRecommendedRules() throws Exception {
		// the whole description is larger than the client's default buffer
		byte[] description = this.web.mutate()
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(4 * 1024 * 1024))
			.build()
			.get()
			.uri("/v3/api-docs/all")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult()
			.getResponseBody();
		assertThat(description).isNotEmpty();
		Files.createDirectories(DESCRIPTION.getParent());
		// indented, so that the report's line numbers point somewhere readable
		JsonMapper json = JsonMapper.builder().build();
		Files.write(DESCRIPTION, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(json.readTree(description)));

		if (!onPath("npx")) {
			fail("npx (Node.js and npm) is needed to lint the API description with " + REDOCLY
					+ ": apt-get install nodejs npm (.ci/run installs them)");
		}
		String node = nodeVersion();
		if (!supported(node)) {
			fail(REDOCLY + " needs Node.js 20.19 or newer (22.12 or newer after 20), this machine has " + node
					+ ": Debian 12's nodejs is 18; take Debian 13's, or NodeSource's");
		}
		List<String> command = List.of("npx", "--yes", REDOCLY, "lint", "--format=stylish", "--config=redocly.yaml",
				DESCRIPTION.toString());
		// the report goes to a file, so a long one cannot fill a pipe and stall the lint
		Path report = DESCRIPTION.resolveSibling("openapi-lint.txt");
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(report.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.start();
		boolean finished = process.waitFor(5, TimeUnit.MINUTES);
		if (!finished) {
			process.destroyForcibly();
		}
		String output = Files.readString(report, StandardCharsets.UTF_8);
		assertThat(finished).as(String.join(" ", command) + " did not finish within 5 minutes:\n" + output).isTrue();
		assertThat(process.exitValue()).as(String.join(" ", command) + ":\n" + output).isZero();
		assertThat(output).as("warnings of " + String.join(" ", command) + ":\n" + output)
			.doesNotContainPattern("(?m)^\\s*\\d+:\\d+\\s+warning\\s");
	}

	private static String nodeVersion() throws Exception {
		Process process = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
		String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
		return process.waitFor(30, TimeUnit.SECONDS) ? version : "(node --version did not answer)";
	}

	// the CLI's engines: >=22.12.0 || >=20.19.0 <21.0.0
	static boolean supported(String version) {
		Matcher matcher = Pattern.compile("v?(\\d+)\\.(\\d+)").matcher(version);
		if (!matcher.lookingAt()) {
			return false;
		}
		int major = Integer.parseInt(matcher.group(1));
		int minor = Integer.parseInt(matcher.group(2));
		return (major == 20 && minor >= 19) || (major == 22 && minor >= 12) || major > 22;
	}

	private static boolean onPath(String program) {
		String path = System.getenv("PATH");
		return path != null && Stream.of(path.split(File.pathSeparator))
			.anyMatch((dir) -> Files.isExecutable(Path.of(dir, program)));
	}

}
