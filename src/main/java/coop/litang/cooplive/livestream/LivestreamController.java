package coop.litang.cooplive.livestream;

import java.util.UUID;

import coop.litang.cooplive.shared.Actor;
import coop.litang.cooplive.shared.Page;
import coop.litang.cooplive.shared.PageQuery;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Sessions and line-ups for hosts (their own) and admins (all); live and scheduled
 * sessions for the storefront.
 */
@RestController
class LivestreamController {

	private final LivestreamManagement livestream;

	LivestreamController(LivestreamManagement livestream) {
		this.livestream = livestream;
	}

	@Tag(name = "storefront")
	@Operation(summary = "Live (default) or scheduled sessions with their line-ups and units remaining")
	@GetMapping("/api/v1/storefront/sessions")
	Mono<Page<SessionView>> publicSessions(@RequestParam(required = false) SessionStatus status,
			@RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
		return this.livestream.publicSessions(status, PageQuery.of(page, size));
	}

	@Tag(name = "storefront")
	@Operation(summary = "One live or scheduled session with its line-up and units remaining")
	@GetMapping("/api/v1/storefront/sessions/{id}")
	Mono<SessionView> publicSession(@PathVariable UUID id) {
		return this.livestream.publicSession(id);
	}

	@Tag(name = "host")
	@SecurityRequirement(name = "bearer")
	@Operation(summary = "The signed-in host's sessions (all sessions for an admin)")
	@GetMapping("/api/v1/host/sessions")
	Mono<Page<SessionView>> sessions(@RequestParam(required = false) SessionStatus status,
			@RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size,
			@AuthenticationPrincipal Jwt jwt) {
		return this.livestream.sessions(status, Actor.of(jwt), PageQuery.of(page, size));
	}

	@Tag(name = "host")
	@SecurityRequirement(name = "bearer")
	@Operation(summary = "Schedule a session")
	@PostMapping("/api/v1/host/sessions")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<SessionView> create(@Valid @RequestBody SessionDetails details, @AuthenticationPrincipal Jwt jwt) {
		return this.livestream.createSession(details, Actor.of(jwt));
	}

	@Tag(name = "host")
	@SecurityRequirement(name = "bearer")
	@Operation(summary = "One of the host's sessions with its line-up")
	@GetMapping("/api/v1/host/sessions/{id}")
	Mono<SessionView> session(@PathVariable UUID id, @AuthenticationPrincipal Jwt jwt) {
		return this.livestream.session(id, Actor.of(jwt));
	}

	@Tag(name = "host")
	@SecurityRequirement(name = "bearer")
	@Operation(summary = "Change a session's title, channel, room link, start or host")
	@ApiResponse(responseCode = "409", description = "SESSION_ENDED: the session has ended",
			content = @Content(mediaType = "application/problem+json"))
	@PutMapping("/api/v1/host/sessions/{id}")
	@ResponseStatus(HttpStatus.OK)
	Mono<SessionView> update(@PathVariable UUID id, @Valid @RequestBody SessionDetails details,
			@AuthenticationPrincipal Jwt jwt) {
		return this.livestream.updateSession(id, details, Actor.of(jwt));
	}

	@Tag(name = "host")
	@SecurityRequirement(name = "bearer")
	@Operation(summary = "Go live: quotas are held back from general stock")
	@ApiResponse(responseCode = "409",
			description = "ILLEGAL_SESSION_TRANSITION: the session is not scheduled; INSUFFICIENT_STOCK: stock cannot cover a quota (nothing changes)",
			content = @Content(mediaType = "application/problem+json"))
	@PostMapping("/api/v1/host/sessions/{id}/start")
	@ResponseStatus(HttpStatus.OK)
	Mono<SessionView> start(@PathVariable UUID id, @AuthenticationPrincipal Jwt jwt) {
		return this.livestream.start(id, Actor.of(jwt));
	}

	@Tag(name = "host")
	@SecurityRequirement(name = "bearer")
	@Operation(summary = "End the session: unsold quota returns to general stock")
	@ApiResponse(responseCode = "409", description = "ILLEGAL_SESSION_TRANSITION: the session is not live",
			content = @Content(mediaType = "application/problem+json"))
	@PostMapping("/api/v1/host/sessions/{id}/end")
	@ResponseStatus(HttpStatus.OK)
	Mono<SessionView> end(@PathVariable UUID id, @AuthenticationPrincipal Jwt jwt) {
		return this.livestream.end(id, Actor.of(jwt));
	}

	@Tag(name = "host")
	@SecurityRequirement(name = "bearer")
	@Operation(summary = "Add a SKU to the line-up: price, quota, per-buyer limit, verified buyers (on by default), "
			+ "pay-to-claim (off by default) and the hold of its unpaid orders (5 minutes by default)")
	@ApiResponse(responseCode = "403",
			description = "NOT_YOURS: another host's session; PRICE_NEEDS_ADMIN (field sessionPriceFen): a price "
					+ "below cooplive.livestream.min-price-percent of the list price, which only an admin may set",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "409",
			description = "SESSION_ENDED: the session has ended; DUPLICATE_SKU: the SKU is in the line-up already; INSUFFICIENT_STOCK: stock cannot cover the quota",
			content = @Content(mediaType = "application/problem+json"))
	@PostMapping("/api/v1/host/sessions/{id}/lineup")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<SessionView> addItem(@PathVariable UUID id, @Valid @RequestBody LineupItemDetails details,
			@AuthenticationPrincipal Jwt jwt) {
		return this.livestream.addItem(id, details, Actor.of(jwt));
	}

	@Tag(name = "host")
	@SecurityRequirement(name = "bearer")
	@Operation(summary = "Change a line-up item of a scheduled session")
	@ApiResponse(responseCode = "403",
			description = "NOT_YOURS: another host's session; PRICE_NEEDS_ADMIN (field sessionPriceFen): a price "
					+ "below cooplive.livestream.min-price-percent of the list price, which only an admin may set",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "200", description = "The session with the changed line-up",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = SessionView.class)))
	@ApiResponse(responseCode = "409", description = "SESSION_LIVE: the item opened; it cannot change any more",
			content = @Content(mediaType = "application/problem+json"))
	@PutMapping("/api/v1/host/sessions/{id}/lineup/{itemId}")
	Mono<SessionView> updateItem(@PathVariable UUID id, @PathVariable UUID itemId,
			@Valid @RequestBody LineupItemDetails details, @AuthenticationPrincipal Jwt jwt) {
		return this.livestream.updateItem(id, itemId, details, Actor.of(jwt));
	}

	@Tag(name = "host")
	@SecurityRequirement(name = "bearer")
	@Operation(summary = "Take an item off a scheduled session's line-up")
	@ApiResponse(responseCode = "409",
			description = "SESSION_LIVE: the session is live or ended; its line-up no longer changes",
			content = @Content(mediaType = "application/problem+json"))
	@DeleteMapping("/api/v1/host/sessions/{id}/lineup/{itemId}")
	@ResponseStatus(HttpStatus.OK)
	Mono<SessionView> removeItem(@PathVariable UUID id, @PathVariable UUID itemId, @AuthenticationPrincipal Jwt jwt) {
		return this.livestream.removeItem(id, itemId, Actor.of(jwt));
	}

	@Tag(name = "host")
	@SecurityRequirement(name = "bearer")
	@Operation(summary = "Pin the item being shown now; the others are unpinned")
	@PostMapping("/api/v1/host/sessions/{id}/lineup/{itemId}/pin")
	Mono<SessionView> pin(@PathVariable UUID id, @PathVariable UUID itemId, @AuthenticationPrincipal Jwt jwt) {
		return this.livestream.pin(id, itemId, Actor.of(jwt));
	}

}
