package coop.litang.cooplive.buyers;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import coop.litang.cooplive.shared.PhoneNumber;
import coop.litang.cooplive.shared.RedisAccess;
import coop.litang.cooplive.shared.Unavailable;
import org.redisson.api.RScript;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The codes sent to buyers, in Redis: per number a hash of its pending code (the code's
 * HMAC, never the code), when it expires and the tries it has left; a mark of when the
 * number was last sent a code; a count of the codes it was sent on a calendar day. Each
 * check-and-change is one Lua script, so two requests for one number never both pass.
 * Expiry is decided by the service's clock, passed in; Redis's own expiry only collects
 * what is over. Keys: {@code buyers:code:<phone>}, {@code buyers:sent:<phone>},
 * {@code buyers:day:<date>:<phone>}. When Redis does not answer: {@code 503
 * VERIFICATION_UNAVAILABLE}.
 */
@Component
class VerificationCodes {

	private static final Logger log = LoggerFactory.getLogger(VerificationCodes.class);

	// KEYS: code, sent mark, day count. ARGV: now ms, resend after ms, codes a day, code
	// hash, expiry ms, tries, code key life ms, day key life ms. {0, codes today} when
	// stored; {1, ms to wait} when the last code is too recent; {2, 0} past the day's
	// codes
	private static final String STORE = """
			local now = tonumber(ARGV[1])
			local last = redis.call('GET', KEYS[2])
			if last and now - tonumber(last) < tonumber(ARGV[2]) then
			  return {1, tonumber(ARGV[2]) - (now - tonumber(last))}
			end
			local today = redis.call('GET', KEYS[3])
			if today and tonumber(today) >= tonumber(ARGV[3]) then
			  return {2, 0}
			end
			redis.call('DEL', KEYS[1])
			redis.call('HSET', KEYS[1], 'hash', ARGV[4], 'expires', ARGV[5], 'tries', ARGV[6])
			redis.call('PEXPIRE', KEYS[1], ARGV[7])
			redis.call('SET', KEYS[2], ARGV[1], 'PX', tonumber(ARGV[2]) + 1000)
			local n = redis.call('INCR', KEYS[3])
			redis.call('PEXPIRE', KEYS[3], ARGV[8])
			return {0, n}
			""";

	// KEYS: code, sent mark. ARGV: now ms, hash of the code tried, resend after ms.
	// {0, 0} no code; {1, 0} expired; {2, 0} right, and consumed; {3, ms until a new
	// code may be sent} locked; {4, tries left} wrong
	private static final String CONFIRM = """
			local now = tonumber(ARGV[1])
			local code = redis.call('HMGET', KEYS[1], 'hash', 'expires', 'tries', 'locked')
			if not code[2] then
			  return {0, 0}
			end
			if now >= tonumber(code[2]) then
			  redis.call('DEL', KEYS[1])
			  return {1, 0}
			end
			local wait = 0
			local last = redis.call('GET', KEYS[2])
			if last then
			  wait = math.max(0, tonumber(last) + tonumber(ARGV[3]) - now)
			end
			if code[4] then
			  return {3, wait}
			end
			if code[1] == ARGV[2] then
			  redis.call('DEL', KEYS[1])
			  return {2, 0}
			end
			local left = redis.call('HINCRBY', KEYS[1], 'tries', -1)
			if left <= 0 then
			  redis.call('HDEL', KEYS[1], 'hash')
			  redis.call('HSET', KEYS[1], 'locked', '1')
			  return {3, wait}
			end
			return {4, left}
			""";

	// KEYS: code, sent mark, day count. ARGV: code hash, 1 when the message may have gone
	// out. Takes back a code the provider did not take, if it is still the pending one:
	// the number may ask again at once; a code that may have gone out stays and counts
	private static final String WITHDRAW = """
			if redis.call('HGET', KEYS[1], 'hash') ~= ARGV[1] then
			  return 0
			end
			redis.call('DEL', KEYS[2])
			if ARGV[2] == '0' then
			  redis.call('DEL', KEYS[1])
			  if tonumber(redis.call('GET', KEYS[3]) or '0') > 0 then
			    redis.call('DECR', KEYS[3])
			  end
			end
			return 1
			""";

	private static final Duration DAY_KEY_LIFE = Duration.ofHours(25);

	private final RedisAccess redis;

	private final BuyerSettings settings;

	private final AtomicLong lastWarning = new AtomicLong();

	VerificationCodes(RedisAccess redis, BuyerSettings settings) {
		this.redis = redis;
		this.settings = settings;
	}

	/** What became of a new code. */
	enum Stored {

		STORED, TOO_SOON, DAY_LIMIT

	}

	/** A new code's fate and, when it was too soon, how long to wait. */
	record Storing(Stored outcome, Duration waitFor) {
	}

	/** What a confirmation found. */
	enum Checked {

		NONE, EXPIRED, VERIFIED, LOCKED, WRONG

	}

	/**
	 * A confirmation's outcome; the tries left after a wrong code, or how long until a
	 * new code may be sent to a locked number.
	 */
	record Check(Checked outcome, long triesLeft, Duration waitFor) {
	}

	/**
	 * Stores a number's new code in place of any pending one, unless the number was sent
	 * one too recently or too many today.
	 * @param day the calendar day (in China) the codes are counted on
	 */
	Mono<Storing> store(PhoneNumber phone, String codeHash, Instant now, LocalDate day) {
		long nowMillis = now.toEpochMilli();
		return run(STORE, List.of(codeKey(phone), sentKey(phone), dayKey(phone, day)), String.valueOf(nowMillis),
				millis(this.settings.resendAfter()), String.valueOf(this.settings.codesPerDay()), codeHash,
				String.valueOf(nowMillis + this.settings.codeTtl().toMillis()),
				String.valueOf(this.settings.codeTries()),
				millis(this.settings.codeTtl().plus(this.settings.resendAfter()).plusMinutes(1)), millis(DAY_KEY_LIFE))
			.map((answer) -> switch (answer.get(0).intValue()) {
				case 0 -> new Storing(Stored.STORED, Duration.ZERO);
				case 1 -> new Storing(Stored.TOO_SOON, Duration.ofMillis(answer.get(1)));
				default -> new Storing(Stored.DAY_LIMIT, Duration.ZERO);
			});
	}

	/** Checks a code against the number's pending one and consumes it when right. */
	Mono<Check> confirm(PhoneNumber phone, String codeHash, Instant now) {
		return run(CONFIRM, List.of(codeKey(phone), sentKey(phone)), String.valueOf(now.toEpochMilli()), codeHash,
				millis(this.settings.resendAfter()))
			.map((answer) -> {
				long value = answer.get(1);
				return switch (answer.get(0).intValue()) {
					case 0 -> new Check(Checked.NONE, 0, Duration.ZERO);
					case 1 -> new Check(Checked.EXPIRED, 0, Duration.ZERO);
					case 2 -> new Check(Checked.VERIFIED, 0, Duration.ZERO);
					case 3 -> new Check(Checked.LOCKED, 0, Duration.ofMillis(value));
					default -> new Check(Checked.WRONG, value, Duration.ZERO);
				};
			});
	}

	/**
	 * Takes back a code the provider did not send: the number may ask again at once, and
	 * unless the message may have gone out the code is removed and not counted.
	 */
	Mono<Void> withdraw(PhoneNumber phone, String codeHash, LocalDate day, boolean maybeSent) {
		return run(WITHDRAW, List.of(codeKey(phone), sentKey(phone), dayKey(phone, day)), codeHash,
				maybeSent ? "1" : "0")
			.then();
	}

	private Mono<List<Long>> run(String script, List<Object> keys, String... args) {
		return this.redis.reactive()
			.flatMap((client) -> client.getScript(StringCodec.INSTANCE)
				.<List<Long>>eval(RScript.Mode.READ_WRITE, script, RScript.ReturnType.LIST, keys, (Object[]) args))
			.timeout(this.redis.settings().timeout().plusMillis(200))
			.onErrorMap((ex) -> {
				warn(ex);
				return new Unavailable("VERIFICATION_UNAVAILABLE",
						"buyer verification is not available right now; try again shortly", Duration.ofSeconds(5));
			});
	}

	private void warn(Throwable ex) {
		long now = System.nanoTime();
		long last = this.lastWarning.get();
		if (now - last > Duration.ofMinutes(1).toNanos() && this.lastWarning.compareAndSet(last, now)) {
			log.warn("buyer verification is unavailable while Redis does not answer: {}", ex.toString());
		}
	}

	private String codeKey(PhoneNumber phone) {
		return this.redis.settings().key("buyers", "code", phone.value());
	}

	private String sentKey(PhoneNumber phone) {
		return this.redis.settings().key("buyers", "sent", phone.value());
	}

	private String dayKey(PhoneNumber phone, LocalDate day) {
		return this.redis.settings().key("buyers", "day", day.toString(), phone.value());
	}

	private static String millis(Duration duration) {
		return String.valueOf(duration.toMillis());
	}

}
