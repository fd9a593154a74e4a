package coop.litang.cooplive.payments;

import java.util.UUID;

import coop.litang.cooplive.shared.Actor;
import coop.litang.cooplive.shared.Page;
import coop.litang.cooplive.shared.PageQuery;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Card payments for buyers, Stripe's webhook, refunds for admins and hosts, and flagged
 * payments for admins.
 */
@RestController
class PaymentsController {

	private final PaymentManagement payments;

	PaymentsController(PaymentManagement payments) {
		this.payments = payments;
	}

	@Tag(name = "storefront")
	@Operation(summary = "Start or resume paying an unpaid order by card: its Stripe PaymentIntent's client secret",
			description = "Needs the order's access token in X-Order-Token. Calling it again gives the same PaymentIntent.")
	@ApiResponse(responseCode = "200", description = "The PaymentIntent's client secret for Stripe.js",
			content = @Content(mediaType = "application/json",
					schema = @Schema(implementation = CardPaymentView.class)))
	@ApiResponse(responseCode = "404",
			description = "NOT_FOUND: no such order, or X-Order-Token is missing or not its token (the two look alike)",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "409", description = "ORDER_NOT_PAYABLE: the order is not waiting for its payment",
			content = @Content(mediaType = "application/problem+json"))
	@PostMapping("/api/v1/storefront/orders/{id}/payment")
	Mono<CardPaymentView> pay(@PathVariable UUID id,
			@RequestHeader(name = "X-Order-Token", required = false) String token) {
		return this.payments.startCardPayment(id, token);
	}

	@Tag(name = "payments")
	@Operation(summary = "Stripe's webhook: events signed with the endpoint's secret",
			description = "Answers 200 for every event it understands (applied, duplicate or no longer fitting), "
					+ "400 for a bad or stale signature, 422 for an event of another API version, 5xx only "
					+ "for a failure on our side.")
	@ApiResponse(responseCode = "200",
			description = "The event was understood: applied, a duplicate, or no longer fitting")
	@ApiResponse(responseCode = "400",
			description = "INVALID_INPUT (field Stripe-Signature): the signature is missing, stale or does not match "
					+ "the body; Stripe sends the event again",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "422",
			description = "STRIPE_API_VERSION_MISMATCH: the event was written for another Stripe API version than ours",
			content = @Content(mediaType = "application/problem+json"))
	@PostMapping(path = "/api/v1/payments/stripe/webhook")
	Mono<PaymentManagement.WebhookAnswer> webhook(@RequestBody(required = false) String payload,
			@RequestHeader(name = "Stripe-Signature", required = false) String signature) {
		return this.payments.receiveWebhook(payload, signature);
	}

	private static ResponseEntity<RefundView> answer(PaymentManagement.RefundResult result) {
		HttpStatus status = (result.refund().status() == RefundStatus.PENDING) ? HttpStatus.ACCEPTED
				: (result.created() ? HttpStatus.CREATED : HttpStatus.OK);
		return ResponseEntity.status(status).body(result.refund());
	}

	@Tag(name = "admin")
	@Tag(name = "host")
	@SecurityRequirement(name = "bearer")
	@Operation(
			summary = "Refund an order's card payment, fully (no amount) or partly; Idempotency-Key is required; "
					+ "a host refunds orders of their own sessions",
			description = "201 when Stripe refunded it, 202 while Stripe has not confirmed it yet, 200 for a retry "
					+ "with the same key.")
	@PostMapping({ "/api/v1/admin/orders/{id}/refunds", "/api/v1/host/orders/{id}/refunds" })
	Mono<ResponseEntity<RefundView>> refund(@PathVariable UUID id, @RequestHeader(name = "Idempotency-Key") String key,
			@Valid @RequestBody RefundRequest request, @AuthenticationPrincipal Jwt jwt) {
		return this.payments.refund(id, request, key, Actor.of(jwt)).map(PaymentsController::answer);
	}

	@Tag(name = "admin")
	@Tag(name = "host")
	@SecurityRequirement(name = "bearer")
	@Operation(summary = "An order's refunds, newest first")
	@GetMapping({ "/api/v1/admin/orders/{id}/refunds", "/api/v1/host/orders/{id}/refunds" })
	Mono<Page<RefundView>> refunds(@PathVariable UUID id, @RequestParam(required = false) Integer page,
			@RequestParam(required = false) Integer size, @AuthenticationPrincipal Jwt jwt) {
		return this.payments.refunds(id, Actor.of(jwt), PageQuery.of(page, size));
	}

	@Tag(name = "admin")
	@SecurityRequirement(name = "bearer")
	@Operation(summary = "Payments flagged for an admin (amount or currency differing from the order's)")
	@GetMapping("/api/v1/admin/payments/flags")
	Mono<Page<PaymentFlagView>> flags(@RequestParam(defaultValue = "true") boolean open,
			@RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
		return this.payments.flags(open, PageQuery.of(page, size));
	}

	@Tag(name = "admin")
	@SecurityRequirement(name = "bearer")
	@Operation(summary = "Mark a flagged payment resolved, saying what was done")
	@PostMapping("/api/v1/admin/payments/flags/{id}/resolve")
	Mono<PaymentFlagView> resolve(@PathVariable UUID id, @Valid @RequestBody ResolveFlag resolution,
			@AuthenticationPrincipal Jwt jwt) {
		return this.payments.resolveFlag(id, resolution, Actor.of(jwt));
	}

}
