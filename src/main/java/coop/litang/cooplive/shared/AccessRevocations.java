package coop.litang.cooplive.shared;

import org.springframework.security.oauth2.jwt.Jwt;
import reactor.core.publisher.Mono;

/**
 * Tells when an access token stops being good before it expires: its user was disabled,
 * or had their roles changed. A long-lived answer (a stream of live stats) ends then.
 */
public interface AccessRevocations {

	/** Completes once the token is no longer good; checked every little while. */
	Mono<Void> revoked(Jwt token);

}
