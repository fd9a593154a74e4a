package coop.litang.cooplive.buyers;

import coop.litang.cooplive.shared.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Buyers verify a phone number: ask for a code by SMS, send it back, get a buyer token.
 */
@RestController
class BuyersController {

	private final BuyerVerification verification;

	BuyersController(BuyerVerification verification) {
		this.verification = verification;
	}

	@Tag(name = "storefront")
	@Operation(summary = "Send a six-digit verification code by SMS to a buyer's phone")
	@ApiResponse(responseCode = "202", description = "the code is on its way")
	@ApiResponse(responseCode = "400",
			description = "phone missing or not a mainland mobile number, or refused by the SMS provider (problem naming it)",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "429",
			description = "CODE_RESEND_TOO_SOON: a code was sent to this number within the last minute; "
					+ "DAILY_CODE_LIMIT: the number was sent its codes for today (China's calendar); "
					+ "SMS_THROTTLED: the SMS provider sends this number no more codes for now. "
					+ "Nothing was sent; try again after Retry-After seconds",
			headers = @Header(name = "Retry-After", description = "seconds to wait"),
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "503",
			description = "SMS_NOT_CONFIGURED: no SMS provider is configured; SMS_UNAVAILABLE: the provider "
					+ "refused or did not answer; VERIFICATION_UNAVAILABLE: the code store (Redis) does not answer; "
					+ "DATABASE_UNAVAILABLE or REQUEST_TIMEOUT as on every endpoint",
			headers = @Header(name = "Retry-After", description = "seconds to wait, when trying again may help"),
			content = @Content(mediaType = "application/problem+json"))
	@PostMapping("/api/v1/storefront/buyers/verification")
	@ResponseStatus(HttpStatus.ACCEPTED)
	Mono<CodeSentView> requestCode(@Valid @RequestBody CodeRequest request) {
		return this.verification.sendCode(request.phone());
	}

	@Tag(name = "storefront")
	@Operation(summary = "Send back the code received by SMS for a buyer token (X-Buyer-Token)")
	@ApiResponse(responseCode = "200",
			description = "the buyer token, the normalized number and when the token expires")
	@ApiResponse(responseCode = "400",
			description = "phone missing or invalid, or code not six digits (problem naming it)",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "422",
			description = "CODE_INVALID: wrong code, with triesLeft; CODE_EXPIRED: the code expired, was used, "
					+ "or none was sent to this number: ask for a new one",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "429",
			description = "VERIFICATION_LOCKED: too many wrong codes, the code is withdrawn (even the right one is "
					+ "refused); a new code may be asked for after Retry-After seconds",
			headers = @Header(name = "Retry-After", description = "seconds until a new code may be asked for"),
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "503",
			description = "VERIFICATION_UNAVAILABLE: the code store (Redis) does not answer; DATABASE_UNAVAILABLE or "
					+ "REQUEST_TIMEOUT as on every endpoint",
			headers = @Header(name = "Retry-After", description = "seconds to wait"),
			content = @Content(mediaType = "application/problem+json"))
	@PostMapping("/api/v1/storefront/buyers/verification/confirm")
	Mono<VerifiedBuyerView> confirm(@Valid @RequestBody CodeConfirmation request) {
		return this.verification.confirm(request.phone(), request.code());
	}

	@ExceptionHandler(WrongCode.class)
	ResponseEntity<ProblemDetail> wrongCode(WrongCode ex, ServerWebExchange exchange) {
		ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, ex.getMessage(), exchange);
		problem.setProperty("code", "CODE_INVALID");
		problem.setProperty("triesLeft", ex.triesLeft());
		return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT).body(problem);
	}

}
