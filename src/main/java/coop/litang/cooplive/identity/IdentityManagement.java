package coop.litang.cooplive.identity;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import coop.litang.cooplive.members.MembersManagement;
import coop.litang.cooplive.shared.AuditLog;
import coop.litang.cooplive.shared.Conflict;
import coop.litang.cooplive.shared.InvalidInput;
import coop.litang.cooplive.shared.NotFound;
import coop.litang.cooplive.shared.Page;
import coop.litang.cooplive.shared.PageQuery;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import reactor.core.publisher.Mono;

/**
 * The identity module's API: users, their roles, and signed access tokens.
 */
@Service
public class IdentityManagement {

	/** Compared against when the username is unknown, so timing does not tell. */
	private final String decoyHash;

	private final Users users;

	private final MembersManagement members;

	private final PasswordEncoder passwords;

	private final JwtEncoder jwtEncoder;

	private final IdentitySettings settings;

	private final Clock clock;

	private final SignInThrottle throttle;

	private final PasswordHashing hashing;

	private final TokenVersions versions;

	private final AuditLog audit;

	IdentityManagement(Users users, MembersManagement members, PasswordEncoder passwords, JwtEncoder jwtEncoder,
			IdentitySettings settings, Clock clock, SignInThrottle throttle, PasswordHashing hashing,
			TokenVersions versions, AuditLog audit) {
		this.versions = versions;
		this.audit = audit;
		this.throttle = throttle;
		this.hashing = hashing;
		this.users = users;
		this.members = members;
		this.passwords = passwords;
		this.jwtEncoder = jwtEncoder;
		this.settings = settings;
		this.clock = clock;
		this.decoyHash = passwords.encode("decoy-password-for-unknown-users");
	}

	/**
	 * Creates a user with a hashed password. A host must be linked to a member household
	 * registered as host.
	 * @throws Conflict {@code DUPLICATE_USERNAME} when the username is taken
	 * @throws InvalidInput when the member does not exist or is not a host
	 */
	@Transactional
	public Mono<UserView> createUser(NewUser user) {
		UUID id = UUID.randomUUID();
		return hostMember(user.memberId()).then(this.users.findByUsername(user.username()))
			.flatMap((existing) -> Mono.<String>error(
					new Conflict("DUPLICATE_USERNAME", "username " + user.username() + " is taken", "username")))
			.switchIfEmpty(hash(user.password()))
			.flatMap((hash) -> this.users.insert(id, user, hash, this.clock.instant()))
			.then(Mono.defer(() -> this.users.find(id)));
	}

	/**
	 * Exchanges a username and password for a signed access token (an error for wrong
	 * credentials or a disabled user), for a caller at the address: a username or address
	 * that failed too often is refused before its password is hashed.
	 * @throws coop.litang.cooplive.shared.TooManyRequests {@code SIGN_IN_THROTTLED} while
	 * the username or address is locked, {@code SIGN_IN_BUSY} when the hashing queue is
	 * full
	 */
	public Mono<TokenResponse> issueToken(TokenRequest request, String address) {
		String username = request.username();
		Mono<TokenResponse> signIn = this.throttle.requireAllowed(username, address)
			.then(this.users.findByUsername(username))
			.map((stored) -> new Candidate(stored.view(), stored.passwordHash(), stored.tokenVersion()))
			.defaultIfEmpty(new Candidate(null, this.decoyHash, 0))
			.flatMap((candidate) -> this.hashing.matches(request.password(), candidate.hash())
				.flatMap((ok) -> (ok && candidate.user() != null && candidate.user().enabled())
						? this.throttle.succeeded(username)
							.thenReturn(token(candidate.user(), candidate.tokenVersion()))
						: this.throttle.failed(username, address).then(Mono.error(InvalidCredentials::new))));
		// from the check to the counted failure, a place among the address's few
		return requireBcryptable(request.password()).then(this.hashing.oneOf(address, signIn));
	}

	private record Candidate(UserView user, String hash, long tokenVersion) {
	}

	/** A user by id; {@link NotFound} when unknown. */
	public Mono<UserView> user(UUID id) {
		return this.users.find(id).switchIfEmpty(Mono.error(() -> new NotFound("user", id)));
	}

	/** A user by username; {@link NotFound} when unknown. */
	public Mono<UserView> userByUsername(String username) {
		return this.users.findByUsername(username)
			.map(Users.StoredUser::view)
			.switchIfEmpty(Mono.error(() -> new NotFound("user", username)));
	}

	/** Users ordered by username. */
	public Mono<Page<UserView>> users(PageQuery page) {
		return Page.read(this.users.page(page), this.users.count(), page);
	}

	/**
	 * Allows or stops a user's sign-in; the tokens issued before stop working within
	 * {@code cooplive.identity.revocation-check} on every instance, and their live-stats
	 * streams end.
	 * @throws NotFound for an unknown user
	 */
	@Transactional
	public Mono<UserView> setEnabled(UUID id, boolean enabled) {
		return this.users.setEnabled(id, enabled)
			.flatMap((rows) -> (rows == 0) ? Mono.error(new NotFound("user", id)) : this.users.find(id))
			.doOnNext((user) -> this.versions.changed(id));
	}

	/**
	 * Gives a user another role (a host is linked to a host member household, other roles
	 * to none). The tokens issued before carry the old role: they stop working within
	 * {@code cooplive.identity.revocation-check} on every instance, and the user's
	 * live-stats streams end; the user signs in again. Audit-logged.
	 * @throws NotFound for an unknown user
	 * @throws InvalidInput when the member does not exist or is not a host
	 * @throws Conflict {@code LAST_ADMIN} when the only enabled admin would lose the role
	 */
	@Transactional
	public Mono<UserView> changeRole(UUID id, ChangeRole change, String actor) {
		return user(id)
			.flatMap((before) -> hostMember(change.memberId())
				.then((before.role() == Role.ADMIN && change.role() != Role.ADMIN)
						? this.users.countOthersEnabled(Role.ADMIN, id)
							.filter((others) -> others == 0)
							.flatMap((none) -> Mono.error(new Conflict("LAST_ADMIN",
									"this is the only enabled admin: make another admin first", "role")))
						: Mono.empty())
				.then(this.users.changeRole(id, change.role(), change.memberId()))
				.then(Mono.defer(() -> this.users.find(id)))
				.flatMap(
						(after) -> this.audit.record(actor, "user.role", "user:" + id, before, after).thenReturn(after))
				.doOnNext((after) -> this.versions.changed(id)));
	}

	// a member registered as host, when one is named
	private Mono<Void> hostMember(UUID memberId) {
		if (memberId == null) {
			return Mono.empty();
		}
		return this.members.member(memberId)
			.onErrorMap(NotFound.class, (ex) -> new InvalidInput("memberId", "no such member"))
			.flatMap((member) -> member.host() ? Mono.empty()
					: Mono.error(new InvalidInput("memberId", "the member is not registered as host")));
	}

	/** How many users there are. */
	public Mono<Long> countUsers() {
		return this.users.count();
	}

	private TokenResponse token(UserView user, long tokenVersion) {
		Instant now = this.clock.instant();
		JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
			.issuer(this.settings.issuer())
			.subject(user.username())
			.issuedAt(now)
			.expiresAt(now.plus(this.settings.tokenTtl()))
			.claim("uid", user.id().toString())
			.claim("roles", List.of(user.role().name()))
			.claim("ver", tokenVersion);
		if (user.memberId() != null) {
			claims.claim("member_id", user.memberId().toString());
		}
		String jwt = this.jwtEncoder
			.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims.build()))
			.getTokenValue();
		return new TokenResponse(jwt, "Bearer", this.settings.tokenTtl().toSeconds(), user.role());
	}

	// password hashing is deliberately slow: keep it off the event loop
	private Mono<String> hash(String password) {
		return requireBcryptable(password).then(this.hashing.encode(password));
	}

	// bcrypt reads at most 72 bytes of a password and refuses longer ones
	private static final int BCRYPT_MAX_BYTES = 72;

	private static Mono<Void> requireBcryptable(String password) {
		if (password != null && password.getBytes(StandardCharsets.UTF_8).length > BCRYPT_MAX_BYTES) {
			return Mono.error(new InvalidInput("password",
					"must be at most " + BCRYPT_MAX_BYTES + " bytes in UTF-8 (about 24 Chinese characters)"));
		}
		return Mono.empty();
	}

}
