package coop.litang.cooplive.ordering;

import java.util.UUID;

import coop.litang.cooplive.buyers.BuyerTokens;
import coop.litang.cooplive.shared.AccessRevocations;
import coop.litang.cooplive.shared.Actor;
import coop.litang.cooplive.shared.Page;
import coop.litang.cooplive.shared.PageQuery;
import coop.litang.cooplive.shared.InvalidInput;
import coop.litang.cooplive.shared.PhoneNumber;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Orders: buyers place, read and cancel theirs with the order's access token; hosts enter
 * orders taken in their sessions and watch live stats; admins ship and deliver.
 */
@RestController
class OrderingController {

	private final OrderManagement orders;

	private final AccessRevocations revocations;

	OrderingController(OrderManagement orders, AccessRevocations revocations) {
		this.orders = orders;
		this.revocations = revocations;
	}

	private static ResponseEntity<OrderView> answer(OrderManagement.Placed placed) {
		return ResponseEntity.status(placed.created() ? HttpStatus.CREATED : HttpStatus.OK).body(placed.order());
	}

	@Tag(name = "storefront")
	@Operation(summary = "Place an order; Idempotency-Key is required and a retry returns the same order",
			description = "A line-up item sold to verified buyers (the default) needs X-Buyer-Token, from "
					+ "POST /api/v1/storefront/buyers/verification/confirm, naming buyer.phone. A pay-to-claim item's "
					+ "order holds nothing: its units are taken when the card payment succeeds, and a payment that "
					+ "comes after the item sold out is refunded (the order then says closeReason "
					+ "SOLD_OUT_BEFORE_PAYMENT).")
	@ApiResponse(responseCode = "201",
			description = "The order, placed now; its accessToken reads, pays and cancels it",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = OrderView.class)))
	@ApiResponse(responseCode = "200",
			description = "The order placed before with this Idempotency-Key and the same request",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = OrderView.class)))
	@ApiResponse(responseCode = "400",
			description = "A field is missing or wrong, or a line or the order asks for more units than the hold "
					+ "caps allow (lines[i].quantity, lines)",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "403",
			description = "BUYER_NOT_VERIFIED (field X-Buyer-Token): the item sells to verified buyers and the token is "
					+ "missing, expired or not genuine; BUYER_PHONE_MISMATCH (field buyer.phone): the token names "
					+ "another phone",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "409",
			description = "SOLD_OUT, QUOTA_EXCEEDED, BUYER_LIMIT_EXCEEDED, SESSION_NOT_LIVE, TOO_MANY_UNPAID_ORDERS "
					+ "(field buyer.phone): the buyer has the most unpaid orders allowed; nothing is held. "
					+ "ORDER_IN_FLIGHT (field Idempotency-Key): an earlier request with the key is still being "
					+ "placed, on this instance or another; ask again in a moment with the same key",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "422", description = "IDEMPOTENCY_KEY_REUSED: the key was used for another order",
			content = @Content(mediaType = "application/problem+json"))
	@PostMapping("/api/v1/storefront/orders")
	Mono<ResponseEntity<OrderView>> place(@RequestHeader(name = "Idempotency-Key") String key,
			@RequestHeader(name = BuyerTokens.HEADER, required = false) String buyerToken,
			@Valid @RequestBody PlaceOrder command) {
		return this.orders.placeFromStorefront(command, key, buyerToken).map(OrderingController::answer);
	}

	@Tag(name = "storefront")
	@Operation(summary = "An order, with its access token in X-Order-Token")
	@ApiResponse(responseCode = "200", description = "The order",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = OrderView.class)))
	@ApiResponse(responseCode = "404",
			description = "NOT_FOUND: no such order, or X-Order-Token is missing or not its token (the two look alike)",
			content = @Content(mediaType = "application/problem+json"))
	@GetMapping("/api/v1/storefront/orders/{id}")
	Mono<OrderView> order(@PathVariable UUID id,
			@RequestHeader(name = "X-Order-Token", required = false) String token) {
		return this.orders.orderForBuyer(id, token);
	}

	@Tag(name = "storefront")
	@Operation(summary = "Cancel an unpaid order, with its access token in X-Order-Token")
	@ApiResponse(responseCode = "200", description = "The order, cancelled; its held units are released",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = OrderView.class)))
	@ApiResponse(responseCode = "404",
			description = "NOT_FOUND: no such order, or X-Order-Token is missing or not its token (the two look alike)",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "409", description = "ILLEGAL_TRANSITION: the order is no longer unpaid",
			content = @Content(mediaType = "application/problem+json"))
	@PostMapping("/api/v1/storefront/orders/{id}/cancel")
	Mono<OrderView> cancel(@PathVariable UUID id,
			@RequestHeader(name = "X-Order-Token", required = false) String token) {
		return this.orders.cancelForBuyer(id, token);
	}

	@Tag(name = "host")
	@SecurityRequirement(name = "bearer")
	@Operation(summary = "Enter an order taken from chat or phone in the host's live session")
	@PostMapping("/api/v1/host/sessions/{sessionId}/orders")
	Mono<ResponseEntity<OrderView>> placeForHost(@PathVariable UUID sessionId,
			@RequestHeader(name = "Idempotency-Key") String key, @Valid @RequestBody PlaceOrder command,
			@AuthenticationPrincipal Jwt jwt) {
		return this.orders.placeForHost(sessionId, command, key, Actor.of(jwt)).map(OrderingController::answer);
	}

	@Tag(name = "host")
	@SecurityRequirement(name = "bearer")
	@Operation(summary = "Orders of the host's session, newest first, by status if named")
	@GetMapping("/api/v1/host/sessions/{sessionId}/orders")
	Mono<Page<OrderView>> sessionOrders(@PathVariable UUID sessionId,
			@RequestParam(required = false) OrderStatus status, @RequestParam(required = false) Integer page,
			@RequestParam(required = false) Integer size, @AuthenticationPrincipal Jwt jwt) {
		return this.orders.sessionOrders(sessionId, status, Actor.of(jwt), PageQuery.of(page, size));
	}

	// The phone is in the path: the answer is one buyer named by it, 404 when there is
	// none, like a SKU's stock under /host/stock/{skuId}. A query parameter
	// (?phone=) would suit a search answering a list, which this is not. Any spelling
	// PhoneNumber takes works, URL-encoded ("+86 138..." as %2B86%20138...).
	@Tag(name = "host")
	@SecurityRequirement(name = "bearer")
	@Operation(summary = "A repeat buyer's name and address, from their latest order in the host's sessions",
			description = "The most recent order of the phone among the orders of sessions the signed-in host "
					+ "owns (an admin: of any session), to fill in an order taken from chat or phone. A host never "
					+ "sees the buyers of another host's sessions: such a phone answers 404 like an unknown one.")
	@ApiResponse(responseCode = "200", description = "The name and address of the buyer's latest order",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = KnownBuyerView.class)))
	@ApiResponse(responseCode = "400",
			description = "INVALID_INPUT (field phone): not a mainland China mobile number of 11 digits",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "404",
			description = "NOT_FOUND: no order of this phone in the host's sessions (or in any, for an admin)",
			content = @Content(mediaType = "application/problem+json"))
	@GetMapping("/api/v1/host/buyers/{phone}")
	Mono<KnownBuyerView> knownBuyer(@PathVariable String phone, @AuthenticationPrincipal Jwt jwt) {
		return this.orders.knownBuyer(phone, Actor.of(jwt));
	}

	@Tag(name = "host")
	@SecurityRequirement(name = "bearer")
	@Operation(summary = "Record an offline payment (cash, bank or mobile transfer)",
			description = "For an order paid offline or on delivery in the host's own session; who recorded it is "
					+ "kept in paidBy and in the audit log.")
	@ApiResponse(responseCode = "200", description = "The order, paid",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = OrderView.class)))
	@ApiResponse(responseCode = "403",
			description = "NOT_YOURS: another host's order; PAID_BY_CARD: a card order, which only an admin may "
					+ "record as paid another way",
			content = @Content(mediaType = "application/problem+json"))
	@PostMapping("/api/v1/host/orders/{id}/mark-paid")
	Mono<OrderView> markPaid(@PathVariable UUID id, @Valid @RequestBody MarkPaid payment,
			@AuthenticationPrincipal Jwt jwt) {
		return this.orders.markPaidOffline(id, payment, Actor.of(jwt));
	}

	@Tag(name = "host")
	@SecurityRequirement(name = "bearer")
	@Operation(summary = "A session's live stats: orders, units, GMV, per item sold and remaining")
	@GetMapping("/api/v1/host/sessions/{sessionId}/stats")
	Mono<SessionStatsView> stats(@PathVariable UUID sessionId, @AuthenticationPrincipal Jwt jwt) {
		return this.orders.stats(sessionId, Actor.of(jwt));
	}

	@Tag(name = "host")
	@SecurityRequirement(name = "bearer")
	@Operation(summary = "The same stats as Server-Sent Events, pushed within a second of each order")
	@ApiResponse(responseCode = "200", description = "A stats event now and after each change",
			content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
					schema = @Schema(implementation = SessionStatsView.class)))
	@ApiResponse(responseCode = "429",
			description = "TOO_MANY_STREAMS: this user holds the most streams allowed at once",
			content = @Content(mediaType = "application/problem+json"))
	@GetMapping(path = "/api/v1/host/sessions/{sessionId}/stats/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<SessionStatsView>> statsStream(@PathVariable UUID sessionId,
			@AuthenticationPrincipal Jwt jwt) {
		// ends when the caller's token is withdrawn (their user disabled)
		return this.orders.statsStream(sessionId, Actor.of(jwt))
			.takeUntilOther(this.revocations.revoked(jwt))
			.map((stats) -> ServerSentEvent.builder(stats).event("stats").build());
	}

	@Tag(name = "admin")
	@SecurityRequirement(name = "bearer")
	@Operation(summary = "All orders, newest first, by status, channel, session and buyer phone if named")
	@GetMapping("/api/v1/admin/orders")
	Mono<Page<OrderView>> all(@RequestParam(required = false) OrderStatus status,
			@RequestParam(required = false) OrderChannel channel, @RequestParam(required = false) UUID sessionId,
			@RequestParam(required = false) String phone, @RequestParam(required = false) Integer page,
			@RequestParam(required = false) Integer size) {
		PhoneNumber buyer;
		try {
			buyer = (phone == null || phone.isBlank()) ? null : PhoneNumber.parse(phone);
		}
		catch (IllegalArgumentException ex) {
			return Mono.error(new InvalidInput("phone", ex.getMessage()));
		}
		return this.orders.orders(new OrderFilter(status, channel, sessionId, buyer), PageQuery.of(page, size));
	}

	@Tag(name = "admin")
	@SecurityRequirement(name = "bearer")
	@Operation(summary = "One order")
	@GetMapping("/api/v1/admin/orders/{id}")
	Mono<OrderView> adminOrder(@PathVariable UUID id) {
		return this.orders.order(id);
	}

	@Tag(name = "admin")
	@SecurityRequirement(name = "bearer")
	@Operation(summary = "Ship a paid order, or a cash on delivery order before it is paid")
	@PostMapping("/api/v1/admin/orders/{id}/ship")
	Mono<OrderView> ship(@PathVariable UUID id, @Valid @RequestBody ShipOrder shipment) {
		return this.orders.ship(id, shipment);
	}

	@Tag(name = "admin")
	@SecurityRequirement(name = "bearer")
	@Operation(summary = "Mark a shipped order delivered; a cash on delivery order is paid now")
	@PostMapping("/api/v1/admin/orders/{id}/deliver")
	Mono<OrderView> deliver(@PathVariable UUID id, @Valid @RequestBody(required = false) Delivery delivery,
			@AuthenticationPrincipal Jwt jwt) {
		return this.orders.deliver(id, (delivery != null) ? delivery.cashReference() : null, jwt.getSubject());
	}

	@Tag(name = "admin")
	@SecurityRequirement(name = "bearer")
	@Operation(summary = "Cancel an unpaid order: its held units return")
	@PostMapping("/api/v1/admin/orders/{id}/cancel")
	Mono<OrderView> adminCancel(@PathVariable UUID id, @AuthenticationPrincipal Jwt jwt) {
		return this.orders.cancel(id, jwt.getSubject());
	}

	@Tag(name = "admin")
	@SecurityRequirement(name = "bearer")
	@Operation(summary = "Record an offline payment")
	@PostMapping("/api/v1/admin/orders/{id}/mark-paid")
	Mono<OrderView> adminMarkPaid(@PathVariable UUID id, @Valid @RequestBody MarkPaid payment,
			@AuthenticationPrincipal Jwt jwt) {
		return this.orders.markPaidOffline(id, payment, Actor.of(jwt));
	}

}
