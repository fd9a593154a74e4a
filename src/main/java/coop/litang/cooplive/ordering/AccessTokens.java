package coop.litang.cooplive.ordering;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

/**
 * Each order's access token is an HMAC of its id under a server secret: the buyer can
 * prove the order is theirs, nothing needs storing, and a retried request gets the same
 * token back.
 */
@Component
class AccessTokens {

	private final SecretKeySpec key;

	AccessTokens(OrderingSettings settings) {
		this.key = new SecretKeySpec(settings.accessTokenSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
	}

	String tokenFor(UUID orderId) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.key);
			byte[] digest = mac.doFinal(orderId.toString().getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	boolean matches(UUID orderId, String token) {
		if (token == null) {
			return false;
		}
		return MessageDigest.isEqual(tokenFor(orderId).getBytes(StandardCharsets.UTF_8),
				token.getBytes(StandardCharsets.UTF_8));
	}

}
