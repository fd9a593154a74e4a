package coop.litang.cooplive.buyers;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;

import coop.litang.cooplive.shared.PhoneNumber;
import org.springframework.stereotype.Component;

/**
 * Buyer tokens: proof, signed by this service, that the bearer confirmed a code sent by
 * SMS to a phone number, valid for a few hours ({@code cooplive.buyers.token-ttl}).
 * Buyers send it in the {@value #HEADER} header.
 * <p>
 * A token is {@code v1.<11-digit phone>.<expiry, epoch seconds>.<MAC>}, the MAC being the
 * unpadded base64url HMAC-SHA256 of everything before it, under a key derived from
 * {@code cooplive.buyers.token-secret}. Checking one reads no database, no Redis and no
 * JSON: it is cheap enough for every order of a live drop. A token cannot be withdrawn
 * before it expires; every instance sharing the secret accepts it.
 */
@Component
public class BuyerTokens {

	/** The request header that carries a buyer token. */
	public static final String HEADER = "X-Buyer-Token";

	private static final String VERSION = "v1.";

	private static final int PHONE_DIGITS = 11;

	// 32 bytes of HMAC-SHA256, base64url without padding
	private static final int MAC_CHARS = 43;

	private static final int MAX_EXPIRY_DIGITS = 12;

	private static final int SHORTEST = VERSION.length() + PHONE_DIGITS + 1 + 1 + 1 + MAC_CHARS;

	private static final int LONGEST = SHORTEST - 1 + MAX_EXPIRY_DIGITS;

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	// the most tokens whose MAC is remembered as checked; past it the memory starts over
	private static final int MAX_CHECKED = 50_000;

	private final Hmacs hmacs;

	// tokens whose MAC matched, by the whole token, so that a buyer's next orders in a
	// drop cost a map look-up instead of an HMAC; only a token that matched is kept, and
	// its expiry is read from the token itself on every use
	private final Map<String, PhoneNumber> checked = new ConcurrentHashMap<>();

	private final Duration ttl;

	private final Clock clock;

	BuyerTokens(BuyerSettings settings, Clock clock) {
		this.hmacs = new Hmacs(settings.tokenSecret(), "cooplive buyer token v1");
		this.ttl = settings.tokenTtl();
		this.clock = clock;
	}

	/**
	 * A token naming the phone number, valid from now for the configured time.
	 * @param phone a number whose holder proved it (the caller's duty)
	 */
	public String issue(PhoneNumber phone) {
		return issued(phone).token();
	}

	/**
	 * The phone number a token names, when the token is well formed, signed by this
	 * service's secret and not expired; empty otherwise, whatever the input (never
	 * throws).
	 * @param token the header's value; {@code null} when it was not sent
	 */
	public Optional<PhoneNumber> verifiedPhone(String token) {
		if (token == null || token.length() < SHORTEST || token.length() > LONGEST || !token.startsWith(VERSION)) {
			return Optional.empty();
		}
		int phoneEnd = VERSION.length() + PHONE_DIGITS;
		int macStart = token.length() - MAC_CHARS;
		if (!mobileNumberAt(token, VERSION.length()) || token.charAt(phoneEnd) != '.'
				|| token.charAt(macStart - 1) != '.') {
			return Optional.empty();
		}
		long expiry = 0;
		for (int i = phoneEnd + 1; i < macStart - 1; i++) {
			char c = token.charAt(i);
			if (c < '0' || c > '9') {
				return Optional.empty();
			}
			expiry = expiry * 10 + (c - '0');
		}
		if (this.clock.instant().getEpochSecond() >= expiry) {
			return Optional.empty();
		}
		PhoneNumber known = this.checked.get(token);
		if (known != null) {
			return Optional.of(known);
		}
		if (!macMatches(token, macStart)) {
			return Optional.empty();
		}
		PhoneNumber phone = new PhoneNumber(token.substring(VERSION.length(), phoneEnd));
		if (this.checked.size() >= MAX_CHECKED) {
			this.checked.clear();
		}
		this.checked.put(token, phone);
		return Optional.of(phone);
	}

	/** A token with what it says, for the answer that hands it out. */
	Issued issued(PhoneNumber phone) {
		long expiry = this.clock.instant().plus(this.ttl).getEpochSecond();
		String signed = VERSION + phone.value() + "." + expiry;
		byte[] body = signed.getBytes(StandardCharsets.US_ASCII);
		String mac = new String(BASE64URL.encode(mac(body, body.length)), StandardCharsets.US_ASCII);
		return new Issued(signed + "." + mac, phone, Instant.ofEpochSecond(expiry));
	}

	/** A token, the number it names and when it expires. */
	record Issued(String token, PhoneNumber phone, Instant expiresAt) {
	}

	private byte[] mac(byte[] body, int length) {
		Mac mac = this.hmacs.mac();
		mac.update(body, 0, length);
		return mac.doFinal();
	}

	// compares every character whatever the first difference, so the time taken says
	// nothing about how much of a forged MAC was right
	private boolean macMatches(String token, int macStart) {
		byte[] body = token.substring(0, macStart - 1).getBytes(StandardCharsets.US_ASCII);
		byte[] expected = BASE64URL.encode(mac(body, body.length));
		int difference = 0;
		for (int i = 0; i < MAC_CHARS; i++) {
			difference |= expected[i] ^ token.charAt(macStart + i);
		}
		return difference == 0;
	}

	// what PhoneNumber accepts, 1[3-9] and nine digits, checked without a pattern
	private static boolean mobileNumberAt(String token, int start) {
		if (token.charAt(start) != '1' || token.charAt(start + 1) < '3' || token.charAt(start + 1) > '9') {
			return false;
		}
		for (int i = start + 2; i < start + PHONE_DIGITS; i++) {
			char c = token.charAt(i);
			if (c < '0' || c > '9') {
				return false;
			}
		}
		return true;
	}

}
