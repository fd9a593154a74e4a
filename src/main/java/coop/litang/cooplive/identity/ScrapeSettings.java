package coop.litang.cooplive.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

import coop.litang.cooplive.shared.Secrets;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who may read {@code /actuator/prometheus} besides an admin: a scraper sending HTTP
 * Basic credentials {@code prometheus} and this password. The scrape tells sales per
 * session, so it is never public.
 *
 * @param password the scraper's password ({@code COOPLIVE_METRICS_PASSWORD}), at least 32
 * bytes; none: only admins' bearer tokens
 */
@ConfigurationProperties("cooplive.management.metrics")
record ScrapeSettings(String password) {

	static final String USERNAME = "prometheus";

	ScrapeSettings {
		password = (password == null || password.isBlank()) ? null
				: Secrets.requireUsable("cooplive.management.metrics.password", "COOPLIVE_METRICS_PASSWORD", password);
	}

	/** Whether an {@code Authorization} header carries the scraper's credentials. */
	boolean allows(String authorization) {
		if (this.password == null || authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
			return false;
		}
		byte[] given;
		try {
			given = Base64.getDecoder().decode(authorization.substring(6).strip());
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		byte[] expected = (USERNAME + ":" + this.password).getBytes(StandardCharsets.UTF_8);
		return MessageDigest.isEqual(given, expected);
	}

	@Override
	public String toString() {
		return "ScrapeSettings[password=" + ((this.password != null) ? "set" : "none") + "]";
	}

}
