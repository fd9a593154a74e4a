package coop.litang.cooplive.console;

import coop.litang.cooplive.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's files are served by the service to anyone, with their content types, a
 * same-origin Content-Security-Policy and revalidating cache headers.
 */
@IntegrationTest
class ConsoleServingIntegrationTests {

	@Autowired
	WebTestClient web;

	@Test
	void theConsoleIsItsIndexPageForAnyone() {
		this.web.get()
			.uri("/console/")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectHeader()
			.valueEquals("Content-Security-Policy", ConsoleConfiguration.CONTENT_SECURITY_POLICY)
			.expectHeader()
			.valueEquals(HttpHeaders.CACHE_CONTROL, "no-cache")
			.expectHeader()
			.valueEquals("X-Content-Type-Options", "nosniff")
			.expectBody(String.class)
			.value((html) -> assertThat(html).contains("<script type=\"module\" src=\"app.js\"></script>")
				.contains("主播登录"));
	}

	@Test
	void withoutItsSlashTheConsoleRedirectsToIt() {
		this.web.get()
			.uri("/console")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.PERMANENT_REDIRECT)
			.expectHeader()
			.location("/console/");
	}

	@Test
	void modulesAndStylesHaveTheirContentTypesAndAreRevalidated() {
		for (String module : new String[] { "app.js", "api.js", "i18n.js", "format.js", "chart.js" }) {
			this.web.get()
				.uri("/console/" + module)
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.contentTypeCompatibleWith("text/javascript")
				.expectHeader()
				.valueEquals(HttpHeaders.CACHE_CONTROL, "no-cache")
				.expectHeader()
				.exists(HttpHeaders.LAST_MODIFIED)
				.expectHeader()
				.valueEquals("Content-Security-Policy", ConsoleConfiguration.CONTENT_SECURITY_POLICY);
		}
		this.web.get()
			.uri("/console/console.css")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith("text/css");
	}

	@Test
	void theChartLibraryIsServedFromItsWebJarAtTheVersionTheConsoleImports() {
		// chart.js and index.html name the version of org.webjars.npm:uplot in pom.xml
		this.web.get()
			.uri("/webjars/uplot/1.6.30/dist/uPlot.esm.js")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith("text/javascript");
		this.web.get()
			.uri("/webjars/uplot/1.6.30/dist/uPlot.min.css")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith("text/css");
	}

	@Test
	void anUnchangedFileIsNotSentAgain() {
		String modified = this.web.get()
			.uri("/console/app.js")
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(String.class)
			.getResponseHeaders()
			.getFirst(HttpHeaders.LAST_MODIFIED);
		this.web.get()
			.uri("/console/app.js")
			.header(HttpHeaders.IF_MODIFIED_SINCE, modified)
			.exchange()
			.expectStatus()
			.isNotModified();
	}

	@Test
	void aMissingFileIsANotFoundProblemAndOtherMethodsAreRefused() {
		this.web.get().uri("/console/nothing-here.js").exchange().expectStatus().isNotFound();
		this.web.post()
			.uri("/console/app.js")
			.exchange()
			.expectStatus()
			.value((status) -> assertThat(status).isIn(401, 403, 404, 405));
	}

}
