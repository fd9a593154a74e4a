package coop.litang.cooplive.shared;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.ProblemDetail;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds RFC 9457 problem details the same way everywhere, including where no controller
 * is involved (security filters, routing errors).
 */
public final class Problems {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private Problems() {
	}

	/** A problem with a status, a human-readable detail and the request path. */
	public static ProblemDetail of(HttpStatus status, String detail, ServerWebExchange exchange) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
		return problem;
	}

	/** A 400 problem naming each offending field. */
	public static ProblemDetail invalid(Map<String, String> fieldErrors, ServerWebExchange exchange) {
		String fields = String.join(", ", fieldErrors.keySet().stream().sorted().toList());
		ProblemDetail problem = of(HttpStatus.BAD_REQUEST, "Invalid request: " + fields, exchange);
		problem.setTitle("Invalid request");
		problem.setProperty("code", "INVALID_INPUT");
		problem.setProperty("errors", errorsOf(fieldErrors));
		return problem;
	}

	/**
	 * Writes a problem straight to the response, for code running outside a controller.
	 */
	public static Mono<Void> write(ServerWebExchange exchange, ProblemDetail problem) {
		var response = exchange.getResponse();
		response.setStatusCode(HttpStatus.valueOf(problem.getStatus()));
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("type", (problem.getType() != null) ? problem.getType().toString() : "about:blank");
		json.put("title", problem.getTitle());
		json.put("status", problem.getStatus());
		json.put("detail", problem.getDetail());
		if (problem.getInstance() != null) {
			json.put("instance", problem.getInstance().toString());
		}
		if (problem.getProperties() != null) {
			json.putAll(problem.getProperties());
		}
		byte[] body = MAPPER.writeValueAsString(json).getBytes(StandardCharsets.UTF_8);
		DataBuffer buffer = response.bufferFactory().wrap(body);
		return response.writeWith(Mono.just(buffer));
	}

	/**
	 * Answers a request before the web framework has read it: the status, a problem as
	 * {@link #json(HttpStatus, String, String, Map)} and its media type; the request's
	 * body, if any, is read and let go.
	 */
	public static Mono<Void> answerEarly(ServerHttpRequest request, ServerHttpResponse response, HttpStatus status,
			byte[] problem) {
		response.setStatusCode(status);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		return request.getBody()
			.doOnNext(DataBufferUtils::release)
			.then(Mono.defer(() -> response.writeWith(Mono.just(response.bufferFactory().wrap(problem)))));
	}

	/**
	 * A problem as UTF-8 JSON, written by hand: the same members Spring writes for a
	 * {@link ProblemDetail} ({@code type}, {@code title}, {@code status}, {@code detail},
	 * {@code instance}), then the given properties.
	 */
	public static byte[] json(HttpStatus status, String detail, String instance, Map<String, String> properties) {
		StringBuilder json = new StringBuilder(192).append("{\"type\":\"about:blank\",\"title\":");
		quote(json, status.getReasonPhrase()).append(",\"status\":").append(status.value()).append(",\"detail\":");
		quote(json, detail).append(",\"instance\":");
		quote(json, instance);
		properties.forEach((name, value) -> quote(quote(json.append(','), name).append(':'), value));
		return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * A conflict's problem as UTF-8 JSON: its detail, the request path, its {@code code}
	 * and, when it names one, its {@code field}.
	 */
	public static byte[] json(Conflict conflict, String instance) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("code", conflict.code());
		if (conflict.field() != null) {
			properties.put("field", conflict.field());
		}
		return json(HttpStatus.CONFLICT, conflict.getMessage(), instance, properties);
	}

	private static StringBuilder quote(StringBuilder json, String text) {
		if (text == null) {
			return json.append("null");
		}
		json.append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\n' -> json.append("\\n");
				case '\r' -> json.append("\\r");
				case '\t' -> json.append("\\t");
				default -> {
					if (c < 0x20 || c == '\u2028' || c == '\u2029') {
						json.append(String.format("\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		return json.append('"');
	}

	private static List<Map<String, String>> errorsOf(Map<String, String> fieldErrors) {
		return fieldErrors.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.map((e) -> Map.of("field", e.getKey(), "message", e.getValue()))
			.toList();
	}

}
