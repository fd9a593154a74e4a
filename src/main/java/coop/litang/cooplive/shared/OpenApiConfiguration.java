package coop.litang.cooplive.shared;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityScheme;
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
				.license(new License().name("Proprietary")))
			.components(new Components().addSecuritySchemes("bearer",
					new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")));
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
