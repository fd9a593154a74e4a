package coop.litang.cooplive.shared;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.redisson.api.RScript;
import org.redisson.api.RScriptReactive;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Rate limits held in Redis, so every instance counts against the same buckets: a token
 * bucket per limit and subject (a client address, a buyer's phone), refilled evenly over
 * time by Redis' own clock. {@link #take} lets a request through or refuses it with
 * {@link RateLimited} ({@code 429 RATE_LIMITED}, naming the limit, with
 * {@code Retry-After}).
 * <p>
 * Redis accelerates, PostgreSQL is the truth (ADR 0003), and a limit is a guard, not a
 * record: when Redis cannot answer in time, requests pass unchecked (counted in
 * {@code cooplive.rate_limit.unchecked}), and for a short while Redis is not asked at
 * all. Requests arriving while a call to Redis is out share the next call: one script
 * takes from each request's bucket in turn and answers each.
 */
@Component
public class RateLimits {

	private static final Logger log = LoggerFactory.getLogger(RateLimits.class);

	// KEYS[i] the bucket of the i-th request; ARGV[3i-2..3i] its capacity, refill and
	// period in ms. Time is Redis' clock, so instances whose clocks disagree count alike.
	// A bucket's level is kept in whole units of 1/period of a request: full is capacity
	// * period units, and each ms gives back refill units, so refilling is exact. A
	// missing bucket is full; a bucket expires once it would be full again. Requests are
	// taken one after the other, as separate calls would; answers per request 0 (taken)
	// or the ms until its bucket holds a request again (refused, nothing taken).
	private static final String TAKE = """
			local clock = redis.call('TIME')
			local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
			local out = {}
			for i = 1, #KEYS do
			  local b = (i - 1) * 3
			  local capacity = tonumber(ARGV[b + 1])
			  local refill = tonumber(ARGV[b + 2])
			  local period = tonumber(ARGV[b + 3])
			  local full = capacity * period
			  local state = redis.call('HMGET', KEYS[i], 'level', 'at')
			  local level = tonumber(state[1])
			  local at = tonumber(state[2])
			  if level == nil or at == nil then
			    level = full
			  elseif now > at then
			    level = math.min(full, level + (now - at) * refill)
			  end
			  if level > full then level = full end
			  local wait = 0
			  if level >= period then
			    level = level - period
			  else
			    wait = math.ceil((period - level) / refill)
			  end
			  redis.call('HSET', KEYS[i], 'level', string.format('%.0f', level), 'at', string.format('%.0f', now))
			  redis.call('PEXPIRE', KEYS[i], math.ceil((full - level) / refill) + 1000)
			  out[i] = wait
			end
			return out
			""";

	// what a request's call answers when Redis did not
	private static final long UNCHECKED = -1;

	private static final int MAX_REQUESTS_PER_CALL = 256;

	/**
	 * How long Redis is left alone after it failed or was too slow: a limit that is off
	 * is a hole, so it is asked again soon; each try costs one call's timeout at most.
	 */
	static final Duration STEP_ASIDE = Duration.ofSeconds(2);

	private final RedisAccess redis;

	private final RateLimitSettings settings;

	private final RateLimit perAddress;

	private final RateLimit perBuyer;

	private final MeterRegistry meters;

	private final Map<String, Counter> refused = new ConcurrentHashMap<>();

	private final Map<String, Counter> unchecked = new ConcurrentHashMap<>();

	private final Duration timeout;

	private final AtomicReference<String> sha = new AtomicReference<>();

	private final AtomicLong stepAsideUntil = new AtomicLong(System.nanoTime());

	private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - Duration.ofHours(1).toNanos());

	// the requests of one limit share calls: while one is out, those arriving meanwhile
	// go together in the next
	private final Coalescer<String, Waiting> calls = new Coalescer<>(MAX_REQUESTS_PER_CALL, null,
			(limit, batch) -> call(batch));

	RateLimits(RedisAccess redis, RateLimitSettings settings, MeterRegistry meters) {
		this.redis = redis;
		this.settings = settings;
		this.perAddress = settings.perAddressLimit();
		this.perBuyer = settings.perBuyerLimit();
		this.meters = meters;
		this.timeout = redis.settings().timeout().plusMillis(200);
		// both series exist from the start, so rates and alerts see a zero, not nothing
		for (RateLimit limit : List.of(this.perAddress, this.perBuyer)) {
			refusedCounter(limit.name());
			uncheckedCounter(limit.name());
		}
		if (!settings.enabled()) {
			log.warn("rate limits are off (cooplive.rate-limits.enabled=false): storefront writes are not limited");
		}
	}

	/** Whether limits are applied at all ({@code cooplive.rate-limits.enabled}). */
	public boolean enabled() {
		return this.settings.enabled();
	}

	/**
	 * The limit of each client address, which every storefront write passes before the
	 * web framework routes it ({@code cooplive.rate-limits.per-address}).
	 */
	public RateLimit perAddress() {
		return this.perAddress;
	}

	/**
	 * The limit of each buyer, keyed by the normalized phone number
	 * ({@code cooplive.rate-limits.per-buyer}); applied by the code that knows the buyer,
	 * through {@link #takeForBuyer}.
	 */
	public RateLimit perBuyer() {
		return this.perBuyer;
	}

	/**
	 * Takes one request from the subject's bucket of the limit.
	 * @param limit the limit, such as {@link #perAddress()}
	 * @param subject whom the bucket is of, such as an address or a normalized phone
	 * @return empty once the request may go on: taken, or Redis did not answer in time
	 * (then unchecked, and counted), or limits are off
	 * @throws RateLimited (as the error of the {@code Mono}) when the bucket is empty;
	 * nothing was taken
	 */
	public Mono<Void> take(RateLimit limit, String subject) {
		Objects.requireNonNull(limit, "limit");
		Objects.requireNonNull(subject, "subject");
		if (!this.settings.enabled()) {
			return Mono.empty();
		}
		if (steppedAside()) {
			uncheckedCounter(limit.name()).increment();
			return Mono.empty();
		}
		String key = this.redis.settings().key("rate", limit.name(), subject);
		return Mono.<Long>create((answer) -> this.calls.submit(limit.name(), new Waiting(limit, key, answer)))
			.flatMap((wait) -> {
				if (wait == UNCHECKED) {
					uncheckedCounter(limit.name()).increment();
					return Mono.empty();
				}
				if (wait > 0) {
					refusedCounter(limit.name()).increment();
					return Mono.error(new RateLimited(limit, Duration.ofMillis(wait)));
				}
				return Mono.empty();
			});
	}

	/**
	 * Takes one request from the buyer's bucket of {@link #perBuyer()}, as {@link #take}
	 * does.
	 * @throws RateLimited (as the error of the {@code Mono}) {@code "limit": "per-buyer"}
	 */
	public Mono<Void> takeForBuyer(PhoneNumber buyer) {
		return take(this.perBuyer, buyer.value());
	}

	// one request waiting in a call: its limit, its bucket's key and who to answer
	private record Waiting(RateLimit limit, String key, MonoSink<Long> answer) {
	}

	private Mono<Runnable> call(List<Waiting> batch) {
		if (steppedAside()) {
			return Mono.just(() -> batch.forEach((waiting) -> waiting.answer().success(UNCHECKED)));
		}
		List<Object> keys = new ArrayList<>(batch.size());
		Object[] args = new Object[batch.size() * 3];
		int i = 0;
		for (Waiting waiting : batch) {
			keys.add(waiting.key());
			args[i++] = Long.toString(waiting.limit().capacity());
			args[i++] = Long.toString(waiting.limit().refill());
			args[i++] = Long.toString(waiting.limit().periodMillis());
		}
		return run(keys, args).<Runnable>map((result) -> () -> answer(batch, result)).onErrorResume((ex) -> {
			stepAside(ex);
			return Mono.just(() -> batch.forEach((waiting) -> waiting.answer().success(UNCHECKED)));
		});
	}

	private static void answer(List<Waiting> batch, List<?> waits) {
		for (int i = 0; i < batch.size(); i++) {
			Object wait = (i < waits.size()) ? waits.get(i) : null;
			// an answer that is not one lets the request through, as Redis failing does
			batch.get(i)
				.answer()
				.success((wait instanceof Number number) ? Math.max(0, number.longValue()) : UNCHECKED);
		}
	}

	private Mono<List<?>> run(List<Object> keys, Object[] args) {
		return this.redis.reactive().flatMap((client) -> {
			RScriptReactive scripts = client.getScript(StringCodec.INSTANCE);
			String known = this.sha.get();
			Mono<String> loaded = (known != null) ? Mono.just(known) : scripts.scriptLoad(TAKE).doOnNext(this.sha::set);
			return loaded.flatMap((hash) -> evalSha(scripts, hash, keys, args))
				.onErrorResume((ex) -> String.valueOf(ex.getMessage()).contains("NOSCRIPT"), (ex) -> {
					// Redis restarted and forgot the script: load it again once
					this.sha.set(null);
					return scripts.scriptLoad(TAKE)
						.doOnNext(this.sha::set)
						.flatMap((hash) -> evalSha(scripts, hash, keys, args));
				});
		}).timeout(this.timeout);
	}

	private static Mono<List<?>> evalSha(RScriptReactive scripts, String hash, List<Object> keys, Object[] args) {
		return scripts.<List<?>>evalSha(RScript.Mode.READ_WRITE, hash, RScript.ReturnType.LIST, keys, args);
	}

	// a monotonic timer, not business time: how long to leave an unresponsive Redis alone
	private boolean steppedAside() {
		return System.nanoTime() - this.stepAsideUntil.get() < 0;
	}

	private void stepAside(Throwable ex) {
		this.stepAsideUntil.set(System.nanoTime() + STEP_ASIDE.toNanos());
		long now = System.nanoTime();
		long last = this.lastWarning.get();
		if (now - last > Duration.ofMinutes(1).toNanos() && this.lastWarning.compareAndSet(last, now)) {
			log.warn("rate limits unchecked while Redis does not answer (asked again every {}): {}", STEP_ASIDE,
					ex.toString());
		}
	}

	private Counter refusedCounter(String limit) {
		return this.refused.computeIfAbsent(limit,
				(name) -> Counter.builder("cooplive.rate_limit.refused")
					.description("Requests refused 429 RATE_LIMITED because their bucket of the limit was empty")
					.tag("limit", name)
					.register(this.meters));
	}

	private Counter uncheckedCounter(String limit) {
		return this.unchecked.computeIfAbsent(limit,
				(name) -> Counter.builder("cooplive.rate_limit.unchecked")
					.description("Requests let through a rate limit unchecked because Redis did not answer in time")
					.tag("limit", name)
					.register(this.meters));
	}

}
