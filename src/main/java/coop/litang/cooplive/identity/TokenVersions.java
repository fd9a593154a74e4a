package coop.litang.cooplive.identity;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import coop.litang.cooplive.shared.AccessRevocations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Whether a token is still good: its user is enabled and it carries the user's current
 * token version (moved on when the user is disabled or enabled). The answer is kept for
 * {@code cooplive.identity.revocation-check} per user, so a change reaches every instance
 * within that time without a query per request. When PostgreSQL cannot answer the last
 * known answer stands, or, without one, the token is taken as good: the request it serves
 * then meets the same outage and is answered 503.
 */
@Component
class TokenVersions implements AccessRevocations {

	private static final Logger log = LoggerFactory.getLogger(TokenVersions.class);

	private final Users users;

	private final Duration check;

	private final Map<UUID, Known> known = new ConcurrentHashMap<>();

	private record Known(boolean enabled, long version, long readAt) {
	}

	TokenVersions(Users users, IdentitySettings settings) {
		this.users = users;
		this.check = settings.revocationCheck();
	}

	/** Whether the token's user is enabled and the token of their current version. */
	Mono<Boolean> good(Jwt token) {
		String uid = token.getClaimAsString("uid");
		if (uid == null) {
			return Mono.just(false);
		}
		UUID userId;
		try {
			userId = UUID.fromString(uid);
		}
		catch (IllegalArgumentException ex) {
			return Mono.just(false);
		}
		Object claimed = token.getClaims().get("ver");
		long version = (claimed instanceof Number number) ? number.longValue() : 0;
		return state(userId).map((state) -> state.enabled() && state.version() == version)
			.defaultIfEmpty(false)
			.onErrorResume((ex) -> {
				log.debug("token state of user {} not read: {}", userId, ex.toString());
				return Mono.just(true);
			});
	}

	@Override
	public Mono<Void> revoked(Jwt token) {
		return Flux.interval(this.check).concatMap((tick) -> good(token)).filter((ok) -> !ok).next().then();
	}

	/** Forgets what is known of a user, after a change made on this instance. */
	void changed(UUID userId) {
		this.known.remove(userId);
	}

	private Mono<Known> state(UUID userId) {
		Known cached = this.known.get(userId);
		if (cached != null && System.nanoTime() - cached.readAt() < this.check.toNanos()) {
			return Mono.just(cached);
		}
		return this.users.tokenState(userId)
			.map((state) -> new Known(state.enabled(), state.version(), System.nanoTime()))
			.doOnNext((state) -> this.known.put(userId, state))
			.onErrorResume((ex) -> (cached != null) ? Mono.just(cached) : Mono.error(ex));
	}

}
