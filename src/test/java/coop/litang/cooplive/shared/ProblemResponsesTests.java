package coop.litang.cooplive.shared;

import java.util.List;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.PathParameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemResponsesTests {

	private static OpenAPI api(String path, PathItem item) {
		return new OpenAPI().addSecurityItem(new SecurityRequirement().addList(ProblemResponses.BEARER))
			.paths(new Paths().addPathItem(path, item));
	}

	private static ApiResponses ok() {
		return new ApiResponses().addApiResponse("200", new ApiResponse().description("OK"));
	}

	@Test
	void aSignedInWriteOnAnIdDocumentsEveryStandardProblem() {
		Operation operation = new Operation().addParametersItem(new PathParameter().name("id"))
			.addParametersItem(new HeaderParameter().name("Idempotency-Key"))
			.requestBody(new RequestBody())
			.responses(ok());
		ProblemResponses.document(api("/api/v1/admin/orders/{id}/refunds", new PathItem().post(operation)));

		assertThat(operation.getSecurity()).isNull();
		assertThat(operation.getResponses()).containsOnlyKeys("200", "400", "401", "403", "404", "409", "422");
		assertThat(operation.getResponses().get("404").getDescription()).contains("NOT_FOUND", "id");
		assertThat(operation.getResponses().get("422").getDescription()).contains("IDEMPOTENCY_KEY_REUSED");
		assertThat(
				operation.getResponses().get("400").getContent().get("application/problem+json").getSchema().get$ref())
			.isEqualTo("#/components/schemas/Problem");
	}

	@Test
	void keepsWhatAControllerDeclaredAndFillsInItsSchema() {
		ApiResponses declared = ok()
			.addApiResponse("403",
					new ApiResponse().description("NOT_YOURS: another host's order")
						.content(new Content().addMediaType("application/problem+json", new MediaType())))
			.addApiResponse("429", new ApiResponse().description("TOO_MANY_STREAMS")
				.addHeaderObject("Retry-After", new Header().description("seconds")));
		Operation operation = new Operation().addParametersItem(new PathParameter().name("id")).responses(declared);
		ProblemResponses.document(api("/api/v1/host/orders/{id}/mark-paid", new PathItem().post(operation)));

		ApiResponse forbidden = operation.getResponses().get("403");
		assertThat(forbidden.getDescription()).startsWith("NOT_YOURS: another host's order")
			.contains(ProblemResponses.ROLE_REFUSED);
		assertThat(forbidden.getContent().get("application/problem+json").getSchema().get$ref()).endsWith("/Problem");
		ApiResponse tooMany = operation.getResponses().get("429");
		assertThat(tooMany.getDescription()).isEqualTo("TOO_MANY_STREAMS");
		assertThat(tooMany.getHeaders().get("Retry-After").getSchema().getType()).isEqualTo("integer");
		assertThat(tooMany.getContent()).containsKey("application/problem+json");
	}

	@Test
	void publicOperationsSayTheyNeedNoSignIn() {
		Operation storefront = new Operation().addParametersItem(new PathParameter().name("id")).responses(ok());
		Operation webhook = new Operation().requestBody(new RequestBody()).responses(ok());
		OpenAPI openApi = api("/api/v1/storefront/orders/{id}/cancel", new PathItem().post(storefront));
		openApi.getPaths().addPathItem("/api/v1/payments/stripe/webhook", new PathItem().post(webhook));
		ProblemResponses.document(openApi);

		assertThat(storefront.getSecurity()).isEqualTo(List.of());
		assertThat(webhook.getSecurity()).isEqualTo(List.of());
		assertThat(storefront.getResponses()).containsOnlyKeys("200", "400", "404");
		assertThat(webhook.getResponses()).containsOnlyKeys("200", "400");
		assertThat(openApi.getComponents().getSchemas()).containsKeys("Problem", "FieldError");
	}

}
