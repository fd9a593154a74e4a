package coop.litang.cooplive.buyers;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 keys derived from one configured secret, one key per purpose, and a
 * {@link Mac} per thread for each: a {@code Mac} is not thread-safe, and looking one up
 * in the security providers for every call costs more than the MAC itself.
 */
final class Hmacs {

	private static final String ALGORITHM = "HmacSHA256";

	private final Mac prototype;

	private final ThreadLocal<Mac> perThread = ThreadLocal.withInitial(this::copy);

	/**
	 * @param secret the configured secret
	 * @param purpose what the derived key is for; another purpose gets another key
	 */
	Hmacs(String secret, String purpose) {
		try {
			Mac derive = Mac.getInstance(ALGORITHM);
			derive.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
			byte[] key = derive.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
			this.prototype = Mac.getInstance(ALGORITHM);
			this.prototype.init(new SecretKeySpec(key, ALGORITHM));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	/** This thread's {@code Mac}, reset, under the derived key. */
	Mac mac() {
		Mac mac = this.perThread.get();
		mac.reset();
		return mac;
	}

	private Mac copy() {
		try {
			return (Mac) this.prototype.clone();
		}
		catch (CloneNotSupportedException ex) {
			throw new IllegalStateException("HmacSHA256 cannot be cloned", ex);
		}
	}

}
