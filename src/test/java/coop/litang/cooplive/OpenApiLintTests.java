package coop.litang.cooplive;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
		byte[] description = this.web.get()
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

	private static boolean onPath(String program) {
		String path = System.getenv("PATH");
		return path != null && Stream.of(path.split(File.pathSeparator))
			.anyMatch((dir) -> Files.isExecutable(Path.of(dir, program)));
	}

}
