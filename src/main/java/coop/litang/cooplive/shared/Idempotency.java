package coop.litang.cooplive.shared;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What every idempotent request shares: the {@code Idempotency-Key} header's rules, and
 * the hash of a request's canonical form that tells a retry from another request under
 * the same key.
 */
public final class Idempotency {

	private Idempotency() {
	}

	/**
	 * The key, stripped.
	 * @param what what one key stands for, for the message ("order attempt", "refund")
	 * @throws InvalidInput naming {@code Idempotency-Key} when it is missing, blank or
	 * longer than 200 characters
	 */
	public static String requireKey(String key, String what) {
		if (key == null || key.isBlank()) {
			throw new InvalidInput("Idempotency-Key", "the header is required: a unique value per " + what);
		}
		if (key.length() > 200) {
			throw new InvalidInput("Idempotency-Key", "must be at most 200 characters");
		}
		return key.strip();
	}

	/** The SHA-256 of a text, in hex. */
	public static String sha256(CharSequence canonical) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256")
					.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
