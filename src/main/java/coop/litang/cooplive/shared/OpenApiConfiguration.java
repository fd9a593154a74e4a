package coop.litang.cooplive.shared;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description, grouped by who calls the endpoints.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	@Bean
	OpenAPI coopliveOpenApi() {
		return new OpenAPI()
			.info(new Info().title("cooplive API")
				.version("v1")
				.description("Orders, inventory and dividends of a herders' cooperative in Litang. "
						+ "Money is in fen (1 yuan = 100 fen), CNY. Errors are RFC 9457 problem details.")
				.license(new License().name("Proprietary").identifier("LicenseRef-cooplive-proprietary")))
			// where the description is served from: clients call the same host
			.servers(List.of(new Server().url("/").description("this service")))
			// signed in unless an operation says otherwise (ProblemResponses makes the
			// public ones say so)
			.addSecurityItem(new SecurityRequirement().addList(ProblemResponses.BEARER))
			.components(new Components().addSecuritySchemes(ProblemResponses.BEARER,
					new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")));
	}

	/**
	 * Every operation says who may call it and which problems it may answer, by rule (see
	 * {@link ProblemResponses}); responses a controller declares are kept.
	 */
	@Bean
	GlobalOpenApiCustomizer standardProblemResponses() {
		return ProblemResponses::document;
	}

	/**
	 * Every operation may be answered 503 when PostgreSQL is away or the request ran out
	 * of time; both are problem details with a {@code Retry-After}, and both are said in
	 * the description of each operation, so a client knows to try again (with the same
	 * Idempotency-Key).
	 */
	@Bean
	GlobalOpenApiCustomizer serviceUnavailableResponses() {
		return (openApi) -> {
			if (openApi.getPaths() == null) {
				return;
			}
			openApi.getPaths()
				.values()
				.forEach((path) -> path.readOperations()
					.forEach(
							(operation) -> operation.getResponses().computeIfAbsent("503", (status) -> unavailable())));
		};
	}

	/**
	 * Every storefront write may be answered {@code 429 RATE_LIMITED}
	 * ({@link StorefrontRateLimits}), endpoints still to come included.
	 */
	@Bean
	GlobalOpenApiCustomizer rateLimitedResponses() {
		return (openApi) -> {
			if (openApi.getPaths() == null) {
				return;
			}
			openApi.getPaths().forEach((name, path) -> {
				if (name.startsWith(StorefrontFastPath.PREFIX)) {
					Stream.of(path.getPost(), path.getPut(), path.getPatch(), path.getDelete())
						.filter(Objects::nonNull)
						.forEach((operation) -> operation.getResponses()
							.computeIfAbsent("429", (status) -> rateLimited()));
				}
			});
		};
	}

	private static ApiResponse rateLimited() {
		return new ApiResponse()
			.description("Too many requests, try again after Retry-After seconds: the client address (limit "
					+ "per-address) or the buyer (limit per-buyer) sent more than its rate limit lets through. "
					+ "Nothing was read or done.")
			.addHeaderObject("Retry-After",
					new Header().description("seconds until the limit lets a request through")
						.schema(new IntegerSchema()))
			.content(ProblemResponses
				.problem(new ObjectSchema().addProperty("code", new StringSchema()._enum(List.of(RateLimited.CODE)))
					.addProperty("limit", new StringSchema()
						._enum(List.of(RateLimitSettings.PER_ADDRESS, RateLimitSettings.PER_BUYER)))));
	}

	private static ApiResponse unavailable() {
		return new ApiResponse()
			.description("Service unavailable, try again after Retry-After seconds: the database is away (code "
					+ DatabaseOutage.CODE + ") or the request was not answered within the request timeout (code "
					+ RequestDeadline.CODE + "). A retried order with the same Idempotency-Key is answered with "
					+ "its order if it was placed.")
			.addHeaderObject("Retry-After",
					new Header().description("seconds to wait before trying again").schema(new IntegerSchema()))
			.content(ProblemResponses.problem(new ObjectSchema().addProperty("code",
					new StringSchema()._enum(List.of(DatabaseOutage.CODE, RequestDeadline.CODE)))));
	}

	@Bean
	GroupedOpenApi storefrontApi() {
		return GroupedOpenApi.builder().group("storefront").pathsToMatch("/api/v1/storefront/**").build();
	}

	@Bean
	GroupedOpenApi hostApi() {
		return GroupedOpenApi.builder().group("host").pathsToMatch("/api/v1/host/**").build();
	}

	@Bean
	GroupedOpenApi adminApi() {
		return GroupedOpenApi.builder().group("admin").pathsToMatch("/api/v1/admin/**").build();
	}

	@Bean
	GroupedOpenApi paymentsApi() {
		return GroupedOpenApi.builder().group("payments").pathsToMatch("/api/v1/payments/**").build();
	}

	@Bean
	GroupedOpenApi accountingApi() {
		return GroupedOpenApi.builder().group("accounting").pathsToMatch("/api/v1/accounting/**").build();
	}

	@Bean
	GroupedOpenApi authApi() {
		return GroupedOpenApi.builder().group("auth").pathsToMatch("/api/v1/auth/**").build();
	}

	@Bean
	GroupedOpenApi allApi() {
		return GroupedOpenApi.builder().group("all").pathsToMatch("/api/**").build();
	}

}
