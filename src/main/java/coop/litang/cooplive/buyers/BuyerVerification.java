package coop.litang.cooplive.buyers;

import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Base64;

import coop.litang.cooplive.shared.InvalidInput;
import coop.litang.cooplive.shared.PhoneNumber;
import coop.litang.cooplive.shared.TooManyRequests;
import coop.litang.cooplive.shared.TryLater;
import coop.litang.cooplive.shared.Unavailable;
import coop.litang.cooplive.shared.Unprocessable;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * A buyer proves a phone number: a random six-digit code goes to it by SMS, and the code
 * sent back within {@code cooplive.buyers.code-ttl} gets a buyer token. A code is
 * confirmed once; {@code code-tries} wrong codes withdraw it; a number is sent at most
 * one code per {@code resend-after} and {@code codes-per-day} codes a calendar day in
 * China.
 */
@Component
class BuyerVerification {

	/** Codes a day are counted on the calendar of mainland China. */
	static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

	private final VerificationCodes codes;

	private final SmsSender sms;

	private final BuyerTokens tokens;

	private final BuyerSettings settings;

	private final Clock clock;

	private final BuyerMetrics metrics;

	private final Hmacs codeHashes;

	private final SecureRandom random;

	BuyerVerification(VerificationCodes codes, SmsSender sms, BuyerTokens tokens, BuyerSettings settings, Clock clock,
			BuyerMetrics metrics) {
		this.codes = codes;
		this.sms = sms;
		this.tokens = tokens;
		this.settings = settings;
		this.clock = clock;
		this.metrics = metrics;
		this.codeHashes = new Hmacs(settings.tokenSecret(), "cooplive buyer code v1");
		this.random = seededRandom();
	}

	/**
	 * Sends a new code to the number, replacing any pending one.
	 * @throws InvalidInput naming {@code phone}
	 * @throws TooManyRequests {@code CODE_RESEND_TOO_SOON}, {@code DAILY_CODE_LIMIT},
	 * {@code SMS_THROTTLED}
	 * @throws Unavailable {@code SMS_NOT_CONFIGURED}, {@code SMS_UNAVAILABLE},
	 * {@code VERIFICATION_UNAVAILABLE}
	 */
	Mono<CodeSentView> sendCode(String phoneText) {
		PhoneNumber phone;
		try {
			phone = PhoneNumber.parse(phoneText);
		}
		catch (IllegalArgumentException ex) {
			return Mono.error(new InvalidInput("phone", ex.getMessage()));
		}
		if (!this.sms.configured()) {
			this.metrics.code("sms_not_configured");
			return Mono.error(SmsConfiguration.NoSms.notConfigured());
		}
		String code = newCode();
		String hash = hash(phone, code);
		Instant now = this.clock.instant();
		LocalDate day = LocalDate.ofInstant(now, CHINA);
		return this.codes.store(phone, hash, now, day)
			.onErrorResume((ex) -> refused("unavailable", ex))
			.flatMap((storing) -> switch (storing.outcome()) {
				case TOO_SOON -> refused("resend_too_soon", new TooManyRequests("CODE_RESEND_TOO_SOON",
						"a code was sent to this number moments ago; ask again later", storing.waitFor()));
				case DAY_LIMIT -> refused("daily_limit", new TooManyRequests("DAILY_CODE_LIMIT",
						"this number was sent its codes for today; ask again tomorrow", untilTomorrow(now)));
				case STORED -> send(phone, code, hash, day);
			});
	}

	private Mono<CodeSentView> send(PhoneNumber phone, String code, String hash, LocalDate day) {
		return this.sms.sendCode(phone, code).onErrorResume(SmsNotSent.class, (failure) -> {
			this.metrics.code(outcome(failure));
			return this.codes.withdraw(phone, hash, day, failure.maybeSent())
				.onErrorResume((ex) -> Mono.empty())
				.then(Mono.error(failure.answer()));
		}).then(Mono.fromSupplier(() -> {
			this.metrics.code("sent");
			return new CodeSentView(phone.masked(), this.settings.codeTtl().toSeconds(),
					this.settings.resendAfter().toSeconds());
		}));
	}

	/**
	 * Confirms a code and answers a token for the number.
	 * @throws InvalidInput naming {@code phone}
	 * @throws WrongCode with the tries left
	 * @throws Unprocessable {@code CODE_EXPIRED}: the code expired, was used, or none was
	 * sent
	 * @throws TooManyRequests {@code VERIFICATION_LOCKED}: too many wrong codes
	 * @throws Unavailable {@code VERIFICATION_UNAVAILABLE}
	 */
	Mono<VerifiedBuyerView> confirm(String phoneText, String code) {
		PhoneNumber phone;
		try {
			phone = PhoneNumber.parse(phoneText);
		}
		catch (IllegalArgumentException ex) {
			return Mono.error(new InvalidInput("phone", ex.getMessage()));
		}
		return this.codes.confirm(phone, hash(phone, code), this.clock.instant())
			.onErrorResume((ex) -> confirmRefused("unavailable", ex))
			.flatMap((check) -> switch (check.outcome()) {
				case VERIFIED -> {
					this.metrics.confirmation("verified");
					BuyerTokens.Issued issued = this.tokens.issued(phone);
					yield Mono.just(new VerifiedBuyerView(issued.token(), phone.value(), issued.expiresAt()));
				}
				case WRONG -> confirmRefused("wrong", new WrongCode(check.triesLeft()));
				case LOCKED -> confirmRefused("locked",
						new TooManyRequests("VERIFICATION_LOCKED",
								"too many wrong codes: this code is withdrawn; ask for a new one",
								atLeastASecond(check.waitFor())));
				case EXPIRED ->
					confirmRefused("expired", new Unprocessable("CODE_EXPIRED", "the code expired; ask for a new one"));
				case NONE -> confirmRefused("expired", new Unprocessable("CODE_EXPIRED",
						"no code is pending for this number: it expired, was used or was never sent; ask for a new one"));
			});
	}

	private <T> Mono<T> refused(String outcome, Throwable refusal) {
		this.metrics.code(outcome);
		return Mono.error(refusal);
	}

	private <T> Mono<T> confirmRefused(String outcome, Throwable refusal) {
		this.metrics.confirmation(outcome);
		return Mono.error(refusal);
	}

	private static String outcome(SmsNotSent failure) {
		if (failure.answer() instanceof InvalidInput) {
			return "sms_number_refused";
		}
		if (failure.answer() instanceof TryLater later && "SMS_THROTTLED".equals(later.code())) {
			return "sms_throttled";
		}
		if (failure.answer() instanceof TryLater later && "SMS_NOT_CONFIGURED".equals(later.code())) {
			return "sms_not_configured";
		}
		return "sms_unavailable";
	}

	private Duration untilTomorrow(Instant now) {
		Instant midnight = LocalDate.ofInstant(now, CHINA).plusDays(1).atStartOfDay(CHINA).toInstant();
		return Duration.between(now, midnight);
	}

	private static Duration atLeastASecond(Duration wait) {
		return (wait.compareTo(Duration.ofSeconds(1)) < 0) ? Duration.ofSeconds(1) : wait;
	}

	// six digits, leading zeros included: a million codes
	private String newCode() {
		return String.format("%06d", this.random.nextInt(1_000_000));
	}

	// keyed, so a copy of Redis does not give the codes away (a million codes are
	// quickly tried against a plain hash)
	private String hash(PhoneNumber phone, String code) {
		byte[] mac = this.codeHashes.mac().doFinal((phone.value() + ":" + code).getBytes(StandardCharsets.US_ASCII));
		return Base64.getEncoder().encodeToString(mac);
	}

	// a DRBG seeded here, at start-up, from the operating system: later codes come from
	// memory and never wait for the system's entropy on an event loop
	private static SecureRandom seededRandom() {
		try {
			SecureRandom random = SecureRandom.getInstance("DRBG");
			random.nextInt();
			return random;
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("no DRBG SecureRandom", ex);
		}
	}

}
