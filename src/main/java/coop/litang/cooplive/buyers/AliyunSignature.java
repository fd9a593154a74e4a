package coop.litang.cooplive.buyers;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Aliyun's RPC request signature, version 1.0 (HMAC-SHA1), as its API documentation
 * describes it: the parameters but {@code Signature}, sorted by name, each name and value
 * percent-encoded and joined as a query string; that string percent-encoded again after
 * the method and the encoded {@code /}, joined by {@code &}; the HMAC-SHA1 of it keyed
 * with the AccessKey secret and a trailing {@code &}, in Base64.
 */
final class AliyunSignature {

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	private AliyunSignature() {
	}

	/**
	 * Aliyun's percent-encoding of UTF-8: letters, digits, {@code -}, {@code _},
	 * {@code .} and {@code ~} stay, every other byte is {@code %XX} in capitals, so a
	 * space is {@code %20} (not {@code +}) and {@code *} is {@code %2A}.
	 */
	static String percentEncode(String value) {
		StringBuilder encoded = new StringBuilder(value.length() + 16);
		for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
			char c = (char) (b & 0xFF);
			if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
					|| c == '.' || c == '~') {
				encoded.append(c);
			}
			else {
				encoded.append('%').append(HEX[(b >> 4) & 0x0F]).append(HEX[b & 0x0F]);
			}
		}
		return encoded.toString();
	}

	/** The parameters but {@code Signature}, sorted and encoded as a query string. */
	static String canonicalQuery(Map<String, String> parameters) {
		StringJoiner query = new StringJoiner("&");
		new TreeMap<>(parameters).forEach((name, value) -> {
			if (!"Signature".equals(name)) {
				query.add(percentEncode(name) + "=" + percentEncode(value));
			}
		});
		return query.toString();
	}

	/** What is signed: the method, the encoded {@code /} and the encoded query. */
	static String stringToSign(String method, Map<String, String> parameters) {
		return method + "&" + percentEncode("/") + "&" + percentEncode(canonicalQuery(parameters));
	}

	/** The {@code Signature} parameter of a request. */
	static String signature(String method, Map<String, String> parameters, String accessKeySecret) {
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec((accessKeySecret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
			byte[] signed = mac.doFinal(stringToSign(method, parameters).getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder().encodeToString(signed);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA1 is not available", ex);
		}
	}

	/** A form body (or query) of the parameters and their signature. */
	static String signedForm(String method, Map<String, String> parameters, String accessKeySecret) {
		return "Signature=" + percentEncode(signature(method, parameters, accessKeySecret)) + "&"
				+ canonicalQuery(parameters);
	}

}
