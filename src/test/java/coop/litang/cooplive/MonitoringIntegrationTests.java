package coop.litang.cooplive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import coop.litang.cooplive.catalog.SkuView;
import coop.litang.cooplive.identity.Role;
import coop.litang.cooplive.livestream.SessionView;
import coop.litang.cooplive.members.MemberView;
import coop.litang.cooplive.ordering.OrderView;
import coop.litang.cooplive.shared.RequestIds;
import coop.litang.cooplive.testing.Api;
import coop.litang.cooplive.testing.Fixtures;
import coop.litang.cooplive.testing.IntegrationTest;
import coop.litang.cooplive.testing.MutableClock;
import coop.litang.cooplive.testing.Orders;
import coop.litang.cooplive.testing.Scrapes;
import coop.litang.cooplive.testing.StripeFake;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What operators rely on: every metric the Grafana dashboards and the Prometheus alert
 * rules use is exported after a small scenario; the dashboards are well-formed Grafana
 * JSON; the rules pass promtool; log lines of a request carry its id through reactive
 * chains and no buyer's phone or address.
 */
@IntegrationTest
@TestPropertySource(properties = { "cooplive.test.context=monitoring", "cooplive.stripe.secret-key=sk_test_cooplive",
		"cooplive.stripe.webhook-secret=" + MonitoringIntegrationTests.SECRET, "cooplive.stripe.max-network-retries=0",
		"cooplive.stripe.reconcile-interval=1h" })
class MonitoringIntegrationTests {

	static final String SECRET = "whsec_test_monitoring";

	static final StripeFake STRIPE = StripeFake.shared();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	// series Prometheus makes itself rather than scraping them
	private static final Set<String> PROMETHEUS_OWN = Set.of("up");

	private static final Pattern METRIC = Pattern
		.compile("\\b(?:up|(?:cooplive|http_server|jvm|r2dbc|process|system|executor|logback)_[a-z0-9_]+)\\b");

	@DynamicPropertySource
	static void stripe(DynamicPropertyRegistry registry) {
		registry.add("cooplive.stripe.api-base", STRIPE::baseUrl);
	}

	@Autowired
	WebTestClient web;

	@Autowired
	Fixtures fixtures;

	@Autowired
	MutableClock clock;

	@Test
	void everyMetricInTheDashboardsAndAlertRulesIsExported() throws IOException {
		Set<String> used = new TreeSet<>();
		for (String query : dashboardQueries()) {
			used.addAll(metricsIn(query));
		}
		for (String rule : ruleExpressions()) {
			used.addAll(metricsIn(rule));
		}
		used.removeAll(PROMETHEUS_OWN);
		assertThat(used).as("metrics used by dashboards and rules")
			.contains("cooplive_orders_total", "cooplive_payment_mismatches_total", "cooplive_gmv_fen_total");

		runScenario();
		// the GC pause metrics of the JVM dashboard appear with the first collection the
		// context's registry hears of: a context started moments ago may not have had one
		System.gc();

		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
			Set<String> exported = exportedMetrics();
			assertThat(used).allSatisfy((name) -> assertThat(exported).as("exported metrics").contains(name));
		});
	}

	// a small drop: orders accepted and refused, a card payment, a refund, a bad webhook
	private void runScenario() {
		SkuView sku = this.fixtures.skuInStock(5000, 100);
		MemberView host = this.fixtures.member(true);
		SessionView session = this.fixtures.liveSession(host.id(), sku.id(), 4800, 3, 2);
		OrderView paid = null;
		int refused = 0;
		for (int i = 0; i < 5; i++) {
			var answer = Orders
				.place(this.web, UUID.randomUUID().toString(),
						Orders.body(session.id(), Fixtures.uniquePhone(), sku.code(), 1))
				.expectBody(String.class)
				.returnResult();
			if (answer.getStatus().value() == 201) {
				paid = (paid != null) ? paid : JSON.readValue(answer.getResponseBody(), OrderView.class);
			}
			else {
				refused++;
			}
		}
		assertThat(refused).isEqualTo(2);
		var payment = this.web.post()
			.uri("/api/v1/storefront/orders/{id}/payment", paid.id())
			.header("X-Order-Token", paid.accessToken())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		String intentId = (String) payment.get("paymentIntentId");
		String event = StripeFake.event("payment_intent.succeeded", STRIPE.succeed(intentId, null));
		webhook(event, StripeFake.sign(event, SECRET, this.clock.instant())).expectStatus().isOk();
		webhook(event, "t=1,v1=00").expectStatus().isBadRequest();
		String admin = this.fixtures.token(Role.ADMIN);
		this.web.post()
			.uri("/api/v1/admin/orders/{id}/refunds", paid.id())
			.headers((h) -> h.setBearerAuth(admin))
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("amountFen", 100, "reason", "scenario"))
			.exchange()
			.expectStatus()
			.isCreated();
		Api.call(this.web, "GET", admin, "/api/v1/admin/orders?size=5", null).expectStatus().isOk();
	}

	private WebTestClient.ResponseSpec webhook(String payload, String signature) {
		return this.web.post()
			.uri("/api/v1/payments/stripe/webhook")
			.header("Stripe-Signature", signature)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(payload)
			.exchange();
	}

	private Set<String> exportedMetrics() {
		String scrape = Scrapes.prometheus(this.web);
		Set<String> names = new HashSet<>();
		scrape.lines().filter((line) -> !line.startsWith("#") && !line.isBlank()).forEach((line) -> {
			int end = line.indexOf('{');
			names.add((end >= 0) ? line.substring(0, end) : line.substring(0, line.indexOf(' ')));
		});
		return names;
	}

	private static Set<String> metricsIn(String query) {
		Set<String> names = new HashSet<>();
		Matcher matcher = METRIC.matcher(query);
		while (matcher.find()) {
			names.add(matcher.group());
		}
		return names;
	}

	// dashboards

	private static List<Path> dashboards() throws IOException {
		try (Stream<Path> files = Files.list(Path.of("grafana/dashboards"))) {
			return files.filter((file) -> file.toString().endsWith(".json")).sorted().toList();
		}
	}

	private static List<String> dashboardQueries() throws IOException {
		List<String> queries = new ArrayList<>();
		for (Path file : dashboards()) {
			collect(JSON.readTree(file.toFile()), queries);
		}
		return queries;
	}

	private static void collect(JsonNode node, List<String> queries) {
		if (node.isObject()) {
			for (var entry : node.properties()) {
				if ((entry.getKey().equals("expr") || entry.getKey().equals("query")) && entry.getValue().isString()) {
					queries.add(entry.getValue().asString());
				}
				else {
					collect(entry.getValue(), queries);
				}
			}
		}
		else if (node.isArray()) {
			node.forEach((child) -> collect(child, queries));
		}
	}

	@Test
	void dashboardsAreValidGrafanaJson() throws IOException {
		List<Path> files = dashboards();
		assertThat(files).extracting((file) -> file.getFileName().toString())
			.contains("live-drop.json", "payments.json", "service-health.json");
		Set<String> uids = new HashSet<>();
		for (Path file : files) {
			JsonNode dashboard = JSON.readTree(file.toFile());
			assertThat(dashboard.path("uid").asString()).as(file + " uid").isNotBlank();
			assertThat(uids.add(dashboard.path("uid").asString())).as(file + " uid is unique").isTrue();
			assertThat(dashboard.path("title").asString()).as(file + " title").isNotBlank();
			assertThat(dashboard.path("schemaVersion").asInt()).as(file + " schemaVersion").isGreaterThan(30);
			assertThat(dashboard.path("panels").isArray() && !dashboard.path("panels").isEmpty()).as(file + " panels")
				.isTrue();
			Set<Integer> ids = new HashSet<>();
			List<JsonNode> panels = new ArrayList<>();
			dashboard.path("panels").forEach((panel) -> {
				panels.add(panel);
				panel.path("panels").forEach(panels::add);
			});
			for (JsonNode panel : panels) {
				assertThat(panel.path("id").isInt()).as(file + " panel id of " + panel.path("title")).isTrue();
				assertThat(ids.add(panel.path("id").asInt())).as(file + " panel id " + panel.path("id") + " is unique")
					.isTrue();
				assertThat(panel.path("gridPos").isObject()).as(file + " gridPos of " + panel.path("title")).isTrue();
				if ("row".equals(panel.path("type").asString())) {
					continue;
				}
				assertThat(panel.path("datasource").path("uid").asString())
					.as(file + " datasource of " + panel.path("title"))
					.isNotBlank();
				assertThat(panel.path("targets").isEmpty()).as(file + " targets of " + panel.path("title")).isFalse();
				panel.path("targets")
					.forEach((target) -> assertThat(target.path("expr").asString())
						.as(file + " query of " + panel.path("title"))
						.isNotBlank());
			}
		}
	}

	// alert rules

	@SuppressWarnings("unchecked")
	private static List<String> ruleExpressions() throws IOException {
		Map<String, Object> rules = new Yaml()
			.load(Files.readString(Path.of("infra/alerts.yml"), StandardCharsets.UTF_8));
		List<String> expressions = new ArrayList<>();
		for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
			for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
				assertThat(rule).containsKeys("alert", "expr", "for", "labels", "annotations");
				assertThat((Map<String, Object>) rule.get("annotations")).containsKeys("summary", "runbook_url");
				String runbook = (String) ((Map<String, Object>) rule.get("annotations")).get("runbook_url");
				assertThat(Files.readString(Path.of("docs/operations.md")).toLowerCase())
					.as("runbook of " + rule.get("alert"))
					.contains("## " + rule.get("alert").toString().toLowerCase());
				assertThat(runbook).startsWith("docs/operations.md#");
				expressions.add((String) rule.get("expr"));
			}
		}
		assertThat(expressions).hasSizeGreaterThanOrEqualTo(7);
		return expressions;
	}

	@Test
	void alertRulesAndPrometheusConfigPassPromtool() throws Exception {
		ruleExpressions();
		boolean required = "1".equals(System.getenv("COOPLIVE_REQUIRE_PROMTOOL"));
		boolean present = Stream.of(System.getenv("PATH").split(":"))
			.anyMatch((dir) -> Files.isExecutable(Path.of(dir, "promtool")));
		if (!required) {
			Assumptions.assumeTrue(present, "promtool is not installed (Debian: apt-get install prometheus); "
					+ ".ci/run installs it and sets COOPLIVE_REQUIRE_PROMTOOL=1");
		}
		assertThat(promtool("check", "rules", "infra/alerts.yml")).contains("SUCCESS");
		assertThat(promtool("check", "config", "infra/prometheus.yml")).contains("SUCCESS");
		assertThat(promtool("test", "rules", "infra/alerts-test.yml")).contains("SUCCESS");
	}

	private static String promtool(String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of("promtool"));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as("promtool " + String.join(" ", args) + ":\n" + output).isZero();
		return output;
	}

	// logs

	@Test
	void logLinesCarryTheRequestIdAndNoPersonalData() {
		Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
		ListAppender<ILoggingEvent> captured = new ListAppender<>();
		captured.start();
		root.addAppender(captured);
		try {
			SkuView sku = this.fixtures.skuInStock(3000, 5);
			String phone = Fixtures.uniquePhone();
			String address = "理塘县 禾尼乡 " + UUID.randomUUID();
			Map<String, Object> body = Map.of("buyer", Map.of("name", "央金", "phone", phone, "address", address),
					"lines", List.of(Map.of("sku", sku.code(), "quantity", 1)));
			OrderView order = Orders.place(this.web, UUID.randomUUID().toString(), body)
				.expectStatus()
				.isCreated()
				.expectBody(OrderView.class)
				.returnResult()
				.getResponseBody();
			// too many: refused, and logged nowhere with the buyer's details
			Orders.place(this.web, UUID.randomUUID().toString(),
					Map.of("buyer", Map.of("name", "央金", "phone", phone, "address", address), "lines",
							List.of(Map.of("sku", sku.code(), "quantity", 50))))
				.expectStatus()
				.isEqualTo(409);
			var payment = this.web.post()
				.uri("/api/v1/storefront/orders/{id}/payment", order.id())
				.header("X-Order-Token", order.accessToken())
				.exchange()
				.expectBody(Map.class)
				.returnResult()
				.getResponseBody();
			String event = StripeFake.event("payment_intent.succeeded",
					STRIPE.succeed((String) payment.get("paymentIntentId"), null));

			this.web.post()
				.uri("/api/v1/payments/stripe/webhook")
				.header(RequestIds.HEADER, "req-monitoring-1")
				.header("Stripe-Signature", StripeFake.sign(event, SECRET, this.clock.instant()))
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(event)
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals(RequestIds.HEADER, "req-monitoring-1");
			this.web.get()
				.uri("/api/v1/storefront/products")
				.exchange()
				.expectHeader()
				.value(RequestIds.HEADER, (id) -> assertThat(id).matches("[0-9a-f]{32}"))
				// the storefront skips the security filter chain, not its headers
				.expectHeader()
				.valueEquals("X-Content-Type-Options", "nosniff")
				.expectHeader()
				.value("Cache-Control", (value) -> assertThat(value).contains("no-store"));

			// logged after the database work, on another thread than the request's
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(List.copyOf(captured.list))
					.filteredOn((e) -> e.getFormattedMessage().startsWith("Stripe event"))
					.isNotEmpty()
					.allSatisfy((e) -> assertThat(e.getMDCPropertyMap()).containsEntry(RequestIds.KEY,
							"req-monitoring-1")));
			assertThat(List.copyOf(captured.list)).allSatisfy((e) -> {
				String text = e.getFormattedMessage() + " " + e.getMDCPropertyMap()
						+ ((e.getThrowableProxy() != null) ? e.getThrowableProxy().getMessage() : "");
				assertThat(text).doesNotContain(phone).doesNotContain(address);
			});
		}
		finally {
			root.detachAppender(captured);
		}
	}

}
