package coop.litang.cooplive.buyers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import coop.litang.cooplive.shared.PhoneNumber;
import coop.litang.cooplive.testing.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class BuyerTokensTests {

	private static final String SECRET = "a-buyer-token-secret-of-at-least-32-bytes";

	private static final PhoneNumber PHONE = PhoneNumber.parse("+86 139-0000-0042");

	private final MutableClock clock = new MutableClock();

	private final BuyerTokens tokens = tokens(SECRET);

	private BuyerTokens tokens(String secret) {
		return new BuyerTokens(
				new BuyerSettings(secret, Duration.ofHours(6), Duration.ofMinutes(5), 5, Duration.ofSeconds(60), 5),
				this.clock);
	}

	@Test
	void aTokenNamesItsPhoneUntilItExpires() {
		BuyerTokens.Issued issued = this.tokens.issued(PHONE);

		assertThat(this.tokens.verifiedPhone(issued.token())).contains(PHONE);
		assertThat(issued.token()).startsWith("v1.13900000042.").hasSizeLessThan(80);
		assertThat(issued.expiresAt()).isBetween(this.clock.instant().plus(Duration.ofHours(6)).minusSeconds(1),
				this.clock.instant().plus(Duration.ofHours(6)));
		assertThat(this.tokens.verifiedPhone(this.tokens.issue(PhoneNumber.parse("0086 150 1234 5678"))))
			.contains(new PhoneNumber("15012345678"));
	}

	@Test
	void anExpiredTokenIsRefused() {
		String token = this.tokens.issue(PHONE);
		this.clock.advance(Duration.ofHours(6).minusSeconds(2));
		assertThat(this.tokens.verifiedPhone(token)).contains(PHONE);
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(this.tokens.verifiedPhone(token)).isEmpty();
	}

	@Test
	void aTamperedPhoneExpiryOrMacIsRefused() {
		String token = this.tokens.issue(PHONE);
		// checked once, so that its check is remembered: what is remembered is that
		// exact token, not its phone or MAC
		assertThat(this.tokens.verifiedPhone(token)).contains(PHONE);
		String[] parts = token.split("\\.");
		long expiry = Long.parseLong(parts[2]);

		assertThat(this.tokens.verifiedPhone(String.join(".", parts[0], "13900000043", parts[2], parts[3]))).isEmpty();
		assertThat(this.tokens
			.verifiedPhone(String.join(".", parts[0], parts[1], String.valueOf(expiry + 3600), parts[3]))).isEmpty();
		assertThat(this.tokens.verifiedPhone(String.join(".", parts[0], parts[1], "0" + parts[2], parts[3]))).isEmpty();
		char last = parts[3].charAt(parts[3].length() - 1);
		String otherMac = parts[3].substring(0, parts[3].length() - 1) + ((last == 'A') ? 'B' : 'A');
		assertThat(this.tokens.verifiedPhone(String.join(".", parts[0], parts[1], parts[2], otherMac))).isEmpty();
		assertThat(this.tokens.verifiedPhone(String.join(".", "v2", parts[1], parts[2], parts[3]))).isEmpty();
	}

	@Test
	void aTokenOfAnotherSecretIsRefused() {
		String forged = tokens("another-secret-that-is-long-enough-too").issue(PHONE);
		assertThat(this.tokens.verifiedPhone(forged)).isEmpty();
	}

	@Test
	void malformedTokensAreRefusedWithoutThrowing() {
		String token = this.tokens.issue(PHONE);
		List<String> malformed = new ArrayList<>(List.of("", "v1", "v1.", "v1....", "Bearer " + token, token + ".",
				token + "A", token.substring(1), token.substring(0, token.length() - 1), token.replace('.', '_'),
				token.toUpperCase(), " " + token, token.replace("v1.1", "v1.2"), "v1.1390000004a.1.abc",
				"v1.13900000042." + "9".repeat(13) + "." + token.substring(token.length() - 43),
				"v1.13900000042.." + token.substring(token.length() - 43),
				"v1.13900000042.-1." + token.substring(token.length() - 43), "x".repeat(10_000),
				token.replace('1', '１')));
		malformed.add(null);
		for (String candidate : malformed) {
			assertThatCode(() -> assertThat(this.tokens.verifiedPhone(candidate)).as(candidate).isEmpty())
				.doesNotThrowAnyException();
		}
	}

	@Test
	void randomChangesToATokenNeverPassAndNeverThrow() {
		String token = this.tokens.issue(PHONE);
		Random random = new Random(42);
		for (int i = 0; i < 20_000; i++) {
			StringBuilder changed = new StringBuilder(token);
			int edits = 1 + random.nextInt(3);
			for (int e = 0; e < edits; e++) {
				int at = random.nextInt(changed.length());
				switch (random.nextInt(3)) {
					case 0 -> changed.setCharAt(at, (char) (32 + random.nextInt(95)));
					case 1 -> changed.deleteCharAt(at);
					default -> changed.insert(at, (char) (32 + random.nextInt(95)));
				}
			}
			String candidate = changed.toString();
			if (!candidate.equals(token)) {
				assertThat(this.tokens.verifiedPhone(candidate)).as(candidate).isEmpty();
			}
		}
	}

	@Test
	void checkingATokenIsCheap() {
		String token = this.tokens.issue(PHONE);
		for (int i = 0; i < 20_000; i++) {
			this.tokens.verifiedPhone(token);
		}
		int checks = 200_000;
		long started = System.nanoTime();
		for (int i = 0; i < checks; i++) {
			assertThat(this.tokens.verifiedPhone(token)).isPresent();
		}
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		System.out.printf("%d buyer tokens checked in %d ms (%.1f µs each)%n", checks, took.toMillis(),
				took.toNanos() / 1000.0 / checks);
		// a drop's thousands of orders a second need well under a millisecond each; the
		// bound leaves room for a busy shared machine
		assertThat(took).isLessThan(Duration.ofSeconds(10));
	}

}
