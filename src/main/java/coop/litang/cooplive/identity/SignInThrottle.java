package coop.litang.cooplive.identity;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import coop.litang.cooplive.shared.RedisAccess;
import coop.litang.cooplive.shared.TooManyRequests;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.redisson.api.RScript;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Slows down password guessing, across instances: failed sign-ins are counted in Redis
 * per username and per client address within a window; past a threshold the username (or
 * the address) is locked for a while that doubles with every further failure, up to a
 * limit. A locked sign-in is answered {@code 429 SIGN_IN_THROTTLED} with
 * {@code Retry-After} before any password is hashed. When Redis does not answer, sign-ins
 * are not throttled (the bounded hashing still protects the service).
 */
@Component
class SignInThrottle {

	private static final Logger log = LoggerFactory.getLogger(SignInThrottle.class);

	// KEYS: user lock, address lock. The wait of each, in ms (0: none)
	private static final String CHECK = """
			local waits = {}
			for i = 1, #KEYS do
			  local ttl = redis.call('PTTL', KEYS[i])
			  if ttl > 0 then waits[i] = ttl else waits[i] = 0 end
			end
			return waits
			""";

	// KEYS: user failures, user lock, address failures, address lock; ARGV: window ms,
	// user threshold, address threshold, first lock ms, longest lock ms. Counts the
	// failure and locks past a threshold; the longer lock of the two, in ms
	private static final String FAIL = """
			local wait = 0
			for i = 0, 1 do
			  local n = redis.call('INCR', KEYS[2 * i + 1])
			  if n == 1 then redis.call('PEXPIRE', KEYS[2 * i + 1], ARGV[1]) end
			  local threshold = tonumber(ARGV[2 + i])
			  if n >= threshold then
			    local lock = math.min(tonumber(ARGV[4]) * 2 ^ math.min(n - threshold, 30), tonumber(ARGV[5]))
			    redis.call('SET', KEYS[2 * i + 2], '1', 'PX', math.floor(lock))
			    if lock > wait then wait = lock end
			    redis.call('PEXPIRE', KEYS[2 * i + 1], math.max(tonumber(ARGV[1]), math.floor(lock)))
			  end
			end
			return wait
			""";

	// KEYS: user failures, user lock
	private static final String SUCCESS = """
			redis.call('DEL', KEYS[1], KEYS[2])
			return 1
			""";

	private final RedisAccess redis;

	private final SignInSettings settings;

	private final Counter throttled;

	private final AtomicLong lastWarning = new AtomicLong();

	// addresses Redis said are locked, until when (System.nanoTime)
	private final Map<String, Long> lockedAddresses = new ConcurrentHashMap<>();

	SignInThrottle(RedisAccess redis, SignInSettings settings, MeterRegistry meters) {
		this.redis = redis;
		this.settings = settings;
		this.throttled = Counter.builder("cooplive.signin.throttled")
			.description("Sign-ins refused 429 because the username or the address failed too often")
			.register(meters);
	}

	/**
	 * Refuses a sign-in while its username or address is locked.
	 * @throws TooManyRequests {@code SIGN_IN_THROTTLED}
	 */
	Mono<Void> requireAllowed(String username, String address) {
		return this.redis.reactive()
			.flatMap((client) -> client.getScript(StringCodec.INSTANCE)
				.<List<Long>>eval(RScript.Mode.READ_ONLY, CHECK, RScript.ReturnType.LIST,
						List.of(key("lock", "user", username), key("lock", "address", address))))
			.timeout(this.redis.settings().timeout().plusMillis(200), Mono.just(List.of()))
			.onErrorResume((ex) -> {
				warn(ex);
				return Mono.just(List.of());
			})
			.flatMap((waits) -> {
				long user = (waits.size() > 0) ? waits.get(0) : 0;
				long forAddress = (waits.size() > 1) ? waits.get(1) : 0;
				if (forAddress > 0) {
					if (this.lockedAddresses.size() > 10_000) {
						this.lockedAddresses.clear();
					}
					this.lockedAddresses.put(address, System.nanoTime() + forAddress * 1_000_000);
				}
				long wait = Math.max(user, forAddress);
				return (wait > 0) ? Mono.error(refusal(wait)) : Mono.<Void>empty();
			});
	}

	/**
	 * How long this instance last heard the address is locked, in ms; 0 when it is not
	 * known to be. Lets a storm from one address be refused before its request is read.
	 */
	long knownLock(String address) {
		Long until = this.lockedAddresses.get(address);
		if (until == null) {
			return 0;
		}
		long left = until - System.nanoTime();
		if (left <= 0) {
			this.lockedAddresses.remove(address, until);
			return 0;
		}
		return left / 1_000_000 + 1;
	}

	/** Counts a sign-in refused before it was read, its address known to be locked. */
	void refusedEarly() {
		this.throttled.increment();
	}

	/**
	 * Counts a failed sign-in.
	 * @throws TooManyRequests {@code SIGN_IN_THROTTLED} when this failure locked the
	 * username or the address
	 */
	Mono<Void> failed(String username, String address) {
		return run(FAIL,
				List.of(key("failures", "user", username), key("lock", "user", username),
						key("failures", "address", address), key("lock", "address", address)),
				String.valueOf(this.settings.window().toMillis()), String.valueOf(this.settings.userFailures()),
				String.valueOf(this.settings.addressFailures()), String.valueOf(this.settings.firstLock().toMillis()),
				String.valueOf(this.settings.longestLock().toMillis()))
			.then();
	}

	/** Forgets a username's failures once its password was right. */
	Mono<Void> succeeded(String username) {
		return run(SUCCESS, List.of(key("failures", "user", username), key("lock", "user", username))).then();
	}

	private TooManyRequests refusal(long waitMillis) {
		this.throttled.increment();
		return new TooManyRequests("SIGN_IN_THROTTLED",
				"too many failed sign-ins for this username or from this address; try again later",
				Duration.ofMillis(waitMillis));
	}

	private Mono<Long> run(String script, List<Object> keys, String... args) {
		return this.redis.reactive()
			.flatMap((client) -> client.getScript(StringCodec.INSTANCE)
				.<Long>eval(RScript.Mode.READ_WRITE, script, RScript.ReturnType.LONG, keys, (Object[]) args))
			.timeout(this.redis.settings().timeout().plusMillis(200))
			.onErrorResume((ex) -> {
				warn(ex);
				return Mono.just(0L);
			});
	}

	private void warn(Throwable ex) {
		long now = System.nanoTime();
		long last = this.lastWarning.get();
		if (now - last > Duration.ofMinutes(1).toNanos() && this.lastWarning.compareAndSet(last, now)) {
			log.warn("sign-in throttling is off while Redis does not answer: {}", ex.toString());
		}
	}

	private String key(String kind, String scope, String value) {
		return this.redis.settings().key("signin", kind, scope, value.toLowerCase(Locale.ROOT));
	}

}
