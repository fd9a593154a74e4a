package coop.litang.cooplive.shared;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * What a secret setting must be before the service starts with it: set, at least 32
 * bytes, not a template's placeholder ({@code REPLACE_WITH…}); and outside the
 * {@code dev} profile (which {@code ./mvnw spring-boot:run} and the tests turn on) not
 * the development default, which is published in this repository. A refusal names the
 * setting and its environment variable.
 */
public final class Secrets {

	/** The profile that allows the development defaults. */
	public static final String DEV_PROFILE = "dev";

	private static final int MIN_BYTES = 32;

	private Secrets() {
	}

	/**
	 * Checks what holds whatever the profile: set, long enough, no placeholder.
	 * @param setting the property, such as {@code cooplive.identity.jwt-secret}
	 * @param variable its environment variable
	 * @throws IllegalArgumentException naming both
	 */
	public static String requireUsable(String setting, String variable, String value) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(setting + " (" + variable + ") is not set; set a secret of at least "
					+ MIN_BYTES + " bytes (./mvnw spring-boot:run uses development values)");
		}
		if (placeholder(value)) {
			throw new IllegalArgumentException(
					setting + " (" + variable + ") is still the template's placeholder; set a secret of your own");
		}
		if (value.getBytes(StandardCharsets.UTF_8).length < MIN_BYTES) {
			throw new IllegalArgumentException(
					setting + " (" + variable + ") must be at least " + MIN_BYTES + " bytes");
		}
		return value;
	}

	/**
	 * Refuses the development default outside the {@code dev} profile.
	 * @throws IllegalStateException naming the setting and its variable
	 */
	public static void requireNotDevelopment(Environment environment, String setting, String variable, String value,
			String developmentDefault) {
		if (developmentDefault.equals(value) && !environment.acceptsProfiles(Profiles.of(DEV_PROFILE))) {
			throw new IllegalStateException(setting + " (" + variable + ") still has its development default, "
					+ "published with the source; set a secret of your own (only the dev profile accepts it)");
		}
	}

	/** Whether a value is a template's placeholder rather than a real value. */
	public static boolean placeholder(String value) {
		return value.toUpperCase(Locale.ROOT).contains("REPLACE_WITH");
	}

}
