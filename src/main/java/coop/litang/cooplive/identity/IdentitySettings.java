package coop.litang.cooplive.identity;

import coop.litang.cooplive.shared.Secrets;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How access tokens are signed and how long they last.
 *
 * @param jwtSecret HMAC-SHA256 key, at least 32 bytes; the development default is
 * accepted only under the {@code dev} profile
 * @param tokenTtl how long a token is valid
 * @param issuer the {@code iss} claim
 * @param revocationCheck how long a user's token version is trusted before it is read
 * again: a disabled user's tokens stop working within it
 */
@ConfigurationProperties("cooplive.identity")
public record IdentitySettings(String jwtSecret, @DefaultValue("8h") Duration tokenTtl,
		@DefaultValue("cooplive") String issuer, @DefaultValue("30s") Duration revocationCheck) {

	/** Only for development and tests: the {@code dev} profile's value. */
	public static final String DEV_SECRET = "cooplive-development-secret-change-me-0123456789";

	public IdentitySettings {
		Secrets.requireUsable("cooplive.identity.jwt-secret", "COOPLIVE_JWT_SECRET", jwtSecret);
		if (tokenTtl == null || tokenTtl.isNegative() || tokenTtl.isZero()) {
			throw new IllegalArgumentException("cooplive.identity.token-ttl must be positive");
		}
	}

	@Override
	public String toString() {
		return "IdentitySettings[tokenTtl=" + this.tokenTtl + ", issuer=" + this.issuer + "]";
	}

}
