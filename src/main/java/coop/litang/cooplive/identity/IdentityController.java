package coop.litang.cooplive.identity;

import java.net.InetSocketAddress;
import java.util.UUID;

import coop.litang.cooplive.members.MemberView;
import coop.litang.cooplive.members.MembersManagement;
import coop.litang.cooplive.shared.Actor;
import coop.litang.cooplive.shared.NotFound;
import coop.litang.cooplive.shared.Page;
import coop.litang.cooplive.shared.PageQuery;
import coop.litang.cooplive.shared.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Sign-in, the signed-in user, user administration and a host's own profile.
 */
@RestController
class IdentityController {

	private final IdentityManagement identity;

	private final MembersManagement members;

	IdentityController(IdentityManagement identity, MembersManagement members) {
		this.identity = identity;
		this.members = members;
	}

	@Tag(name = "auth")
	@Operation(summary = "Exchange username and password for a bearer token")
	@ApiResponse(responseCode = "200", description = "the token")
	@ApiResponse(responseCode = "400", description = "a field missing, or a password over 72 bytes (problem naming it)",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "401",
			description = "INVALID_CREDENTIALS: wrong password, unknown username or disabled user, alike",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "429",
			description = "SIGN_IN_THROTTLED: this username or address failed too often, try again after "
					+ "Retry-After seconds; SIGN_IN_BUSY: too many sign-ins at once",
			headers = @Header(name = "Retry-After", description = "seconds to wait"),
			content = @Content(mediaType = "application/problem+json"))
	@PostMapping("/api/v1/auth/token")
	Mono<TokenResponse> token(@Valid @RequestBody TokenRequest request, ServerWebExchange exchange) {
		InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
		String address = (remote != null && remote.getAddress() != null) ? remote.getAddress().getHostAddress()
				: "unknown";
		return this.identity.issueToken(request, address);
	}

	@Tag(name = "auth")
	@SecurityRequirement(name = "bearer")
	@Operation(summary = "The signed-in user")
	@GetMapping("/api/v1/auth/me")
	Mono<UserView> me(@AuthenticationPrincipal Jwt jwt) {
		return this.identity.user(UUID.fromString(jwt.getClaimAsString("uid")));
	}

	@Tag(name = "host")
	@SecurityRequirement(name = "bearer")
	@Operation(summary = "The member household the signed-in host sells for")
	@GetMapping("/api/v1/host/profile")
	Mono<MemberView> hostProfile(@AuthenticationPrincipal Jwt jwt) {
		String memberId = jwt.getClaimAsString("member_id");
		if (memberId == null) {
			return Mono.error(new NotFound("host profile of", jwt.getSubject()));
		}
		return this.members.member(UUID.fromString(memberId));
	}

	@Tag(name = "admin")
	@SecurityRequirement(name = "bearer")
	@Operation(summary = "Users by username, with their role and whether they are enabled")
	@GetMapping("/api/v1/admin/users")
	Mono<Page<UserView>> users(@RequestParam(required = false) Integer page,
			@RequestParam(required = false) Integer size) {
		return this.identity.users(PageQuery.of(page, size));
	}

	@Tag(name = "admin")
	@SecurityRequirement(name = "bearer")
	@Operation(summary = "Create a user; a host is linked to its member household")
	@ApiResponse(responseCode = "409", description = "DUPLICATE_USERNAME (field username): the username is taken",
			content = @Content(mediaType = "application/problem+json"))
	@PostMapping("/api/v1/admin/users")
	@ResponseStatus(HttpStatus.CREATED)
	Mono<UserView> createUser(@Valid @RequestBody NewUser user) {
		return this.identity.createUser(user);
	}

	@Tag(name = "admin")
	@SecurityRequirement(name = "bearer")
	@Operation(summary = "Disable a user: its bearer tokens stop working")
	@PostMapping("/api/v1/admin/users/{id}/disable")
	Mono<UserView> disable(@PathVariable UUID id) {
		return this.identity.setEnabled(id, false);
	}

	@Tag(name = "admin")
	@SecurityRequirement(name = "bearer")
	@Operation(summary = "Enable a disabled user again")
	@PostMapping("/api/v1/admin/users/{id}/enable")
	Mono<UserView> enable(@PathVariable UUID id) {
		return this.identity.setEnabled(id, true);
	}

	@Tag(name = "admin")
	@SecurityRequirement(name = "bearer")
	@Operation(summary = "Give a user another role; their earlier tokens stop working and they sign in again")
	@ApiResponse(responseCode = "409", description = "LAST_ADMIN: the only enabled admin would lose the role",
			content = @Content(mediaType = "application/problem+json"))
	@PutMapping("/api/v1/admin/users/{id}/role")
	@ResponseStatus(HttpStatus.OK)
	Mono<UserView> changeRole(@PathVariable UUID id, @Valid @RequestBody ChangeRole change,
			@AuthenticationPrincipal Jwt jwt) {
		return this.identity.changeRole(id, change, Actor.of(jwt).username());
	}

	@ExceptionHandler(InvalidCredentials.class)
	ResponseEntity<ProblemDetail> invalidCredentials(InvalidCredentials ex, ServerWebExchange exchange) {
		ProblemDetail problem = Problems.of(HttpStatus.UNAUTHORIZED, ex.getMessage(), exchange);
		problem.setProperty("code", "INVALID_CREDENTIALS");
		return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(problem);
	}

}
