package coop.litang.cooplive.shared;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;

/**
 * The problems every operation may answer, documented by rule so that an endpoint added
 * tomorrow is described like the others: who may call it (the storefront, sign-in and
 * Stripe's webhook are public, everything else takes a bearer token, as
 * {@code SecurityConfiguration} enforces) and which RFC 9457 problems it may answer, with
 * one {@code Problem} schema shaped like what {@link Problems} and
 * {@link ProblemDetailsAdvice} write. A response a controller declares itself (with the
 * codes it knows) is kept; only its missing schema is filled in.
 */
final class ProblemResponses {

	static final String BEARER = "bearer";

	static final String PROBLEM = "Problem";

	static final String FIELD_ERROR = "FieldError";

	static final String ROLE_REFUSED = "the signed-in user's role may not do this (no code)";

	static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

	// the public paths of SecurityConfiguration; every other /api path needs a sign-in
	private static final List<String> PUBLIC_PREFIXES = List.of(StorefrontFastPath.PREFIX);

	private static final Set<String> PUBLIC_PATHS = Set.of("/api/v1/auth/token", "/api/v1/payments/stripe/webhook");

	private static final Set<PathItem.HttpMethod> WRITES = Set.of(PathItem.HttpMethod.POST, PathItem.HttpMethod.PUT,
			PathItem.HttpMethod.PATCH, PathItem.HttpMethod.DELETE);

	private ProblemResponses() {
	}

	/** Adds the problem schemas, each operation's security and its standard problems. */
	static void document(OpenAPI openApi) {
		if (openApi.getComponents() == null) {
			openApi.setComponents(new Components());
		}
		openApi.getComponents().addSchemas(FIELD_ERROR, fieldErrorSchema()).addSchemas(PROBLEM, problemSchema());
		if (openApi.getPaths() == null) {
			return;
		}
		openApi.getPaths()
			.forEach((name, path) -> path.readOperationsMap()
				.forEach((method, operation) -> document(openApi, name, path, method, operation)));
	}

	private static void document(OpenAPI openApi, String name, PathItem path, PathItem.HttpMethod method,
			Operation operation) {
		if (operation.getSecurity() == null && isPublic(name)) {
			// said explicitly: no sign-in, whatever the document's default
			operation.setSecurity(new ArrayList<>());
		}
		List<SecurityRequirement> security = (operation.getSecurity() != null) ? operation.getSecurity()
				: openApi.getSecurity();
		boolean secured = security != null && !security.isEmpty();
		List<Parameter> parameters = Stream
			.concat(Stream.ofNullable(path.getParameters()), Stream.ofNullable(operation.getParameters()))
			.flatMap(List::stream)
			.toList();
		List<String> pathVariables = parameters.stream()
			.filter((parameter) -> "path".equals(parameter.getIn()))
			.map(Parameter::getName)
			.toList();
		boolean idempotent = parameters.stream()
			.anyMatch((parameter) -> "header".equals(parameter.getIn())
					&& "Idempotency-Key".equalsIgnoreCase(parameter.getName()));

		ApiResponses responses = (operation.getResponses() != null) ? operation.getResponses() : new ApiResponses();
		if (operation.getRequestBody() != null || !parameters.isEmpty()) {
			responses.computeIfAbsent("400",
					(code) -> problem("INVALID_INPUT: a parameter"
							+ ((operation.getRequestBody() != null) ? " or a field of the body" : "")
							+ " is missing, malformed or out of range; errors[] names each field with its message"));
		}
		if (secured) {
			responses.computeIfAbsent("401", (code) -> problem(
					"No valid bearer token: none was sent, or it is expired, not genuine, or withdrawn because its "
							+ "user was disabled"));
			ApiResponse forbidden = responses.computeIfAbsent("403", (code) -> problem("Forbidden: " + ROLE_REFUSED));
			if (forbidden.getDescription() == null || !forbidden.getDescription().contains(ROLE_REFUSED)) {
				// a controller's own refusals come on top of the role's
				forbidden.setDescription(((forbidden.getDescription() != null) ? forbidden.getDescription() + "; " : "")
						+ "or: " + ROLE_REFUSED);
			}
		}
		if (!pathVariables.isEmpty()) {
			responses.computeIfAbsent("404",
					(code) -> problem("NOT_FOUND: nothing exists under this " + String.join(" and ", pathVariables)));
		}
		// a public write says its own conflicts, if it has any (Stripe's webhook has
		// none)
		if (secured && WRITES.contains(method)) {
			responses.computeIfAbsent("409",
					(code) -> problem("The change clashes with the current state or with stored data: code says "
							+ "which (CONFLICT when a database constraint refused it) and field names the field "
							+ "where there is one; nothing was changed"));
		}
		if (idempotent) {
			responses.computeIfAbsent("422", (code) -> problem(
					"IDEMPOTENCY_KEY_REUSED: the Idempotency-Key was sent before with a different request"));
		}
		responses.forEach(ProblemResponses::completeProblem);
		operation.setResponses(sorted(responses));
	}

	private static boolean isPublic(String path) {
		return PUBLIC_PATHS.contains(path) || PUBLIC_PREFIXES.stream().anyMatch(path::startsWith);
	}

	/**
	 * A 4xx or 5xx answer is a problem: give its {@code application/problem+json} the
	 * Problem schema where a controller named the media type only, and its headers a
	 * schema ({@code Retry-After} is seconds).
	 */
	private static void completeProblem(String code, ApiResponse response) {
		if (!(code.startsWith("4") || code.startsWith("5"))) {
			return;
		}
		if (response.getContent() == null || response.getContent().isEmpty()) {
			response.setContent(problem());
		}
		else {
			response.getContent().forEach((type, media) -> {
				if (media.getSchema() == null && type.equals(PROBLEM_JSON)) {
					media.setSchema(problemRef());
				}
			});
		}
		if (response.getHeaders() != null) {
			response.getHeaders().forEach((name, header) -> {
				if (header.getSchema() == null && header.getContent() == null) {
					header.setSchema("Retry-After".equalsIgnoreCase(name)
							? new IntegerSchema().minimum(java.math.BigDecimal.ZERO) : new StringSchema());
				}
			});
		}
	}

	private static ApiResponses sorted(ApiResponses responses) {
		ApiResponses sorted = new ApiResponses();
		responses.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey(Comparator.comparing((String code) -> code.equals("default"))
				.thenComparing(Comparator.naturalOrder())))
			.forEach((entry) -> sorted.addApiResponse(entry.getKey(), entry.getValue()));
		sorted.setExtensions(responses.getExtensions());
		return sorted;
	}

	private static ApiResponse problem(String description) {
		return new ApiResponse().description(description).content(problem());
	}

	/** Problem details with the Problem schema. */
	static Content problem() {
		return new Content().addMediaType(PROBLEM_JSON, new MediaType().schema(problemRef()));
	}

	/** Problem details with the Problem schema and more that this answer says. */
	static Content problem(Schema<?> more) {
		Schema<Object> schema = new Schema<>();
		schema.addAllOfItem(problemRef());
		schema.addAllOfItem(Objects.requireNonNull(more));
		return new Content().addMediaType(PROBLEM_JSON, new MediaType().schema(schema));
	}

	private static Schema<?> problemRef() {
		return new Schema<>().$ref("#/components/schemas/" + PROBLEM);
	}

	private static Schema<?> problemSchema() {
		return new ObjectSchema().description("An RFC 9457 problem: what was refused and why; nothing was changed")
			.addProperty("type", new StringSchema().description("about:blank").example("about:blank"))
			.addProperty("title", new StringSchema().description("the status's reason phrase, or a short title"))
			.addProperty("status", new IntegerSchema().description("the HTTP status"))
			.addProperty("detail", new StringSchema().description("what went wrong, in English"))
			.addProperty("instance", new StringSchema().description("the request's path"))
			.addProperty("code",
					new StringSchema()
						.description("a stable code to act on (INVALID_INPUT, NOT_FOUND, SOLD_OUT, ...); absent on "
								+ "some 401 and 403 answers"))
			.addProperty("field", new StringSchema().description("the field or header the refusal is about, if one"))
			.addProperty("errors",
					new ArraySchema().items(new Schema<>().$ref("#/components/schemas/" + FIELD_ERROR))
						.description("with INVALID_INPUT: each offending field with its message"))
			.required(List.of("status"));
	}

	private static Schema<?> fieldErrorSchema() {
		return new ObjectSchema().description("One offending field of an invalid request")
			.addProperty("field", new StringSchema().description("the field's path, e.g. lines[0].quantity or body"))
			.addProperty("message", new StringSchema().description("what is wrong with it"))
			.required(List.of("field", "message"));
	}

}
