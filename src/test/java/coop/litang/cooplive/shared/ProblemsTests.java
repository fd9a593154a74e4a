package coop.litang.cooplive.shared;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The problem JSON written by hand reads back as the same problem, whatever the text.
 */
class ProblemsTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void writesTheMembersOfAProblem() {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("code", "QUOTA_EXCEEDED");
		properties.put("field", "lines[0].sku");
		JsonNode problem = JSON
			.readTree(new String(Problems.json(HttpStatus.CONFLICT, "CORD-1500-PC 已售罄: \"sold out\"\n\\ \t\u0001\u2028",
					"/api/v1/storefront/orders", properties), StandardCharsets.UTF_8));
		assertThat(problem.path("type").asString()).isEqualTo("about:blank");
		assertThat(problem.path("title").asString()).isEqualTo("Conflict");
		assertThat(problem.path("status").asInt()).isEqualTo(409);
		assertThat(problem.path("detail").asString()).isEqualTo("CORD-1500-PC 已售罄: \"sold out\"\n\\ \t\u0001\u2028");
		assertThat(problem.path("instance").asString()).isEqualTo("/api/v1/storefront/orders");
		assertThat(problem.path("code").asString()).isEqualTo("QUOTA_EXCEEDED");
		assertThat(problem.path("field").asString()).isEqualTo("lines[0].sku");
	}

	@Property(tries = 500)
	void anyTextReadsBackUnchanged(@ForAll String detail, @ForAll String code) {
		JsonNode problem = JSON.readTree(new String(
				Problems.json(HttpStatus.CONFLICT, detail, "/x", Map.of("code", code)), StandardCharsets.UTF_8));
		assertThat(problem.path("detail").asString()).isEqualTo(detail);
		assertThat(problem.path("code").asString()).isEqualTo(code);
	}

}
