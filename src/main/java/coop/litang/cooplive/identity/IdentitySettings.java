package coop.litang.cooplive.identity;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How access tokens are signed and how long they last.
 *
 * @param jwtSecret HMAC-SHA256 key, at least 32 bytes; the development default is refused
 * under the {@code prod} profile
 * @param tokenTtl how long a token is valid
 * @param issuer the {@code iss} claim
 */
@ConfigurationProperties("cooplive.identity")
public record IdentitySettings(@DefaultValue(DEV_SECRET) String jwtSecret, @DefaultValue("8h") Duration tokenTtl,
		@DefaultValue("cooplive") String issuer) {

	/** Only for development and tests. */
	public static final String DEV_SECRET = "cooplive-development-secret-change-me-0123456789";

	public IdentitySettings {
		if (jwtSecret == null || jwtSecret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
			throw new IllegalArgumentException("cooplive.identity.jwt-secret must be at least 32 bytes");
		}
		if (tokenTtl == null || tokenTtl.isNegative() || tokenTtl.isZero()) {
			throw new IllegalArgumentException("cooplive.identity.token-ttl must be positive");
		}
	}

	@Override
	public String toString() {
		return "IdentitySettings[tokenTtl=" + this.tokenTtl + ", issuer=" + this.issuer + "]";
	}

}
