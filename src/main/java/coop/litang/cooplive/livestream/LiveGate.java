package coop.litang.cooplive.livestream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import coop.litang.cooplive.shared.Coalescer;
import coop.litang.cooplive.shared.Handover;
import coop.litang.cooplive.shared.RedisAccess;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.redisson.api.RScript;
import org.redisson.api.RScriptReactive;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * The Redis gate in front of live line-up items: one Lua script checks the quota left and
 * the buyer's units against the limit and takes both down, so sold-out and over-limit
 * buyers are answered without touching PostgreSQL. It only ever refuses early: an
 * admitted request still passes PostgreSQL's guarded updates. When Redis does not answer
 * the gate says {@link Verdict#UNKNOWN} and stays out of the way for a while, and the
 * order takes the PostgreSQL path alone.
 */
@Component
class LiveGate {

	private static final Logger log = LoggerFactory.getLogger(LiveGate.class);

	enum Verdict {

		ADMITTED, SOLD_OUT, OVER_LIMIT, UNKNOWN, MARKED_BEFORE,
		/**
		 * The mark was left moments ago ({@link #MARK_IN_FLIGHT}): the attempt that left
		 * it, on this instance or another, may still be in flight.
		 */
		MARKED_RECENTLY,
		/**
		 * Not enough left, but the item's state was lost and rebuilt a moment ago: marks
		 * of orders still in flight may be gone with it, so a retry of one cannot be told
		 * from a new order. PostgreSQL decides.
		 */
		SHORT_UNSURE

	}

	/**
	 * How long after an item's state was lost and rebuilt its marks are not trusted:
	 * longer than an order can be in flight (the request deadline and a batch's limit).
	 */
	static final Duration MARKS_UNSURE_FOR = Duration.ofSeconds(20);

	/**
	 * How long after an order's mark was left its attempt may still be in flight: longer
	 * than a request may take (the request deadline) and a batch may wait and run.
	 */
	static final Duration MARK_IN_FLIGHT = Duration.ofSeconds(15);

	/** Why an item's state is rebuilt. */
	enum Rebuild {

		/** A session or item just opened: no order can be in flight. */
		FRESH,
		/** A periodic reload: marks are lost only if the state was. */
		RELOAD,
		/** Redis lost the state or missed changes: marks may be lost. */
		LOST

	}

	// KEYS[1] item hash, KEYS[2] its "marks unsure" flag, KEYS[2 + i] the i-th order's
	// mark; ARGV: per order quantity, phone, limit, whether to mark. Orders are admitted
	// one after the other, as if each made its own call; answers a code per order: 2
	// marked before, 4 marked within the in-flight window, -1 no state, 0 sold out, 3
	// short while marks are unsure, -2 over limit, 1 admitted (and marked). A mark holds
	// when it was left (Redis's clock, ms).
	private static final String ADMIT = """
			local unsure = redis.call('EXISTS', KEYS[2]) == 1
			local clock = redis.call('TIME')
			local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
			local out = {}
			for i = 1, #KEYS - 2 do
			  local b = (i - 1) * 4
			  local q = tonumber(ARGV[b + 1])
			  local phone = ARGV[b + 2]
			  local marking = ARGV[b + 4] == '1'
			  local code = 1
			  if marking then
			    local at = redis.call('GET', KEYS[i + 2])
			    if at then
			      if now - (tonumber(at) or 0) < IN_FLIGHT_MS then code = 4 else code = 2 end
			    end
			  end
			  local left = nil
			  if code == 1 then
			    left = redis.call('HGET', KEYS[1], 'left')
			    if not left then code = -1 elseif tonumber(left) < q then
			      if unsure then code = 3 else code = 0 end
			    end
			  end
			  if code == 1 then
			    local held = tonumber(redis.call('HGET', KEYS[1], 'b:' .. phone) or '0')
			    if held + q > tonumber(ARGV[b + 3]) then code = -2 end
			  end
			  if code == 1 then
			    redis.call('HINCRBY', KEYS[1], 'left', -q)
			    redis.call('HINCRBY', KEYS[1], 'b:' .. phone, q)
			    if marking then redis.call('SET', KEYS[i + 2], tostring(now), 'EX', 86400) end
			  end
			  out[i] = code
			end
			return out
			""".replace("IN_FLIGHT_MS", Long.toString(MARK_IN_FLIGHT.toMillis()));

	// KEYS[1] item hash, KEYS[2] its "marks unsure" flag, KEYS[2 + i] the i-th order's
	// mark; ARGV[i] its quantity. Takes and marks nothing; answers a code per order: 2
	// marked before, -1 no state, 0 not enough quota left, 3 not enough while marks are
	// unsure, 1 enough.
	private static final String LOOK = """
			local left = redis.call('HGET', KEYS[1], 'left')
			local unsure = redis.call('EXISTS', KEYS[2]) == 1
			-- one call says whether any of the marks is there; when none is (a sold-out
			-- item's late buyers), no mark needs asking for alone
			local anyMarked = #KEYS > 2 and redis.call('EXISTS', unpack(KEYS, 3)) > 0
			left = left and tonumber(left)
			local out = {}
			for i = 1, #KEYS - 2 do
			  if anyMarked and redis.call('EXISTS', KEYS[i + 2]) == 1 then out[i] = 2
			  elseif not left then out[i] = -1
			  elseif left < tonumber(ARGV[i]) and unsure then out[i] = 3
			  elseif left < tonumber(ARGV[i]) then out[i] = 0
			  else out[i] = 1 end
			end
			return out
			""";

	// KEYS[1] item hash, KEYS[2] the order's mark; ARGV: quantity, phone. Undoes ADMIT
	// where it can.
	private static final String GIVE_BACK = """
			redis.call('DEL', KEYS[2])
			if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
			redis.call('HINCRBY', KEYS[1], 'left', tonumber(ARGV[1]))
			redis.call('HINCRBY', KEYS[1], 'b:' .. ARGV[2], -tonumber(ARGV[1]))
			return 1
			""";

	// KEYS[1] item hash, KEYS[2] its "marks unsure" flag; ARGV: why (FRESH, RELOAD or
	// LOST), for how many ms marks are unsure, left, then phone/units pairs. Replaces the
	// state whole; after a loss, marks are not trusted for a while.
	private static final String REBUILD = """
			local why = table.remove(ARGV, 1)
			local unsureMs = table.remove(ARGV, 1)
			if why == 'LOST' or (why == 'RELOAD' and redis.call('EXISTS', KEYS[1]) == 0) then
			  redis.call('SET', KEYS[2], '1', 'PX', unsureMs)
			end
			redis.call('DEL', KEYS[1])
			redis.call('HSET', KEYS[1], 'left', ARGV[1])
			for i = 2, #ARGV, 2 do
			  redis.call('HSET', KEYS[1], 'b:' .. ARGV[i], ARGV[i + 1])
			end
			redis.call('EXPIRE', KEYS[1], 172800)
			return 1
			""";

	// KEYS[1] item hash; ARGV: left. Corrects what is left of an item's quota, keeping
	// the buyers' counts; 0 when the item has no state (it needs a full rebuild).
	private static final String CORRECT = """
			if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
			redis.call('HSET', KEYS[1], 'left', ARGV[1])
			return 1
			""";

	private final RedisAccess redis;

	private final Counter fallbacks;

	private final Map<String, AtomicReference<String>> shas = Map.of(ADMIT, new AtomicReference<>(), LOOK,
			new AtomicReference<>(), GIVE_BACK, new AtomicReference<>(), REBUILD, new AtomicReference<>(), CORRECT,
			new AtomicReference<>());

	private static final Duration BYPASS = Duration.ofSeconds(5);

	private final AtomicLong bypassUntil = new AtomicLong(System.nanoTime());

	private final AtomicBoolean rebuildNeeded = new AtomicBoolean();

	// items whose last answer from Redis was "not enough left": only a hint for whom to
	// ask with a look first, never an answer by itself
	private final Set<UUID> lastSeenSoldOut = ConcurrentHashMap.newKeySet();

	private final Duration timeout;

	// Redis round trips of the gate by command and outcome
	private final Map<String, Timer[]> latency;

	LiveGate(RedisAccess redis, MeterRegistry meters) {
		this.redis = redis;
		this.latency = Map.of(ADMIT, timers(meters, "admit"), LOOK, timers(meters, "look"), GIVE_BACK,
				timers(meters, "give_back"), REBUILD, timers(meters, "rebuild"), CORRECT, timers(meters, "correct"));
		this.fallbacks = Counter.builder("cooplive.gate.fallbacks")
			.description("Orders for live items that went past the Redis gate because Redis did not answer")
			.register(meters);
		this.timeout = redis.settings().timeout().plusMillis(200);
	}

	/**
	 * Checks and takes quota and the buyer's units in Redis, and leaves the order's mark;
	 * refuses at once when the mark was left before.
	 * @param mark names the order attempt (its idempotency key), or {@code null}
	 */
	Mono<Verdict> admit(UUID itemId, String phone, long quantity, long limit, String mark) {
		if (bypassed()) {
			this.fallbacks.increment();
			return Mono.just(Verdict.UNKNOWN);
		}
		return ask(this.admissions, itemId, this.fallbacks, null, markKey(mark), String.valueOf(quantity), phone,
				String.valueOf(limit), (mark != null) ? "1" : "0");
	}

	/**
	 * Looks whether an order would find enough of the item's quota left, taking and
	 * marking nothing: {@link Verdict#SOLD_OUT} when not, {@link Verdict#MARKED_BEFORE}
	 * (or {@code MARKED_RECENTLY}) when the mark was left before,
	 * {@link Verdict#ADMITTED} when the quota would do (the buyer's limit is not looked
	 * at), {@link Verdict#UNKNOWN} when Redis cannot tell. For the early sold-out
	 * answers, so answered to a callback without a reactive step: on the given executor
	 * when Redis answers ({@code null}: on Redis's thread), or here at once while the
	 * gate steps aside.
	 */
	void look(UUID itemId, long quantity, String mark, Executor answerOn, Consumer<Verdict> verdict) {
		if (bypassed()) {
			verdict.accept(Verdict.UNKNOWN);
			return;
		}
		this.looks.submit(itemId, new Waiting(markKey(mark), new String[] { String.valueOf(quantity) }, new Answer() {

			@Override
			public void code(long code) {
				verdict.accept(verdict(itemId, code));
			}

			@Override
			public void failed(Throwable ex) {
				verdict.accept(LiveGate.this.failed(ex, null));
			}

		}, answerOn));
	}

	/**
	 * Whether the item's quota was short the last time Redis was asked about it on this
	 * instance; a hint that a {@link #look} is worth it, not an answer.
	 */
	boolean lastSeenSoldOut(UUID itemId) {
		return this.lastSeenSoldOut.contains(itemId);
	}

	/** Whether {@link #lastSeenSoldOut} holds for any item at all. */
	boolean anyLastSeenSoldOut() {
		return !this.lastSeenSoldOut.isEmpty();
	}

	// one order's call, batched with others for the item; Redis failing counts as a
	// fallback where a counter is given
	private Mono<Verdict> ask(Coalescer<UUID, Waiting> calls, UUID itemId, Counter fallbacks, Executor answerOn,
			String markKey, String... args) {
		return Mono
			.<Long>create((answer) -> calls.submit(itemId, new Waiting(markKey, args, Answer.to(answer), answerOn)))
			.map((code) -> verdict(itemId, code))
			.onErrorResume((ex) -> Mono.just(failed(ex, fallbacks)));
	}

	// what a script's code for an order says, noting what it tells of the item's quota
	private Verdict verdict(UUID itemId, long code) {
		return switch ((int) code) {
			case 1 -> {
				this.lastSeenSoldOut.remove(itemId);
				yield Verdict.ADMITTED;
			}
			case 0 -> {
				if (!this.lastSeenSoldOut.contains(itemId)) {
					this.lastSeenSoldOut.add(itemId);
				}
				yield Verdict.SOLD_OUT;
			}
			case -2 -> Verdict.OVER_LIMIT;
			case 2 -> Verdict.MARKED_BEFORE;
			case 4 -> Verdict.MARKED_RECENTLY;
			case 3 -> Verdict.SHORT_UNSURE;
			default -> Verdict.UNKNOWN;
		};
	}

	// Redis failed: the gate steps aside for a while
	private Verdict failed(Throwable ex, Counter fallbacks) {
		trip(ex);
		if (fallbacks != null) {
			fallbacks.increment();
		}
		return Verdict.UNKNOWN;
	}

	/**
	 * Gives back what {@link #admit} took and removes the mark; best effort, a rebuild
	 * corrects drift.
	 */
	Mono<Void> giveBack(UUID itemId, String phone, long quantity, String mark) {
		if (bypassed()) {
			return Mono.empty();
		}
		this.lastSeenSoldOut.remove(itemId);
		return run(GIVE_BACK, List.of(key(itemId), markKey(mark)), String.valueOf(quantity), phone).then()
			.onErrorResume((ex) -> {
				trip(ex);
				return Mono.empty();
			});
	}

	/**
	 * Replaces an item's state with what PostgreSQL says: quota left and each buyer's
	 * units.
	 */
	Mono<Void> rebuild(UUID itemId, Rebuild why, long left, List<Map.Entry<String, Long>> buyers) {
		this.lastSeenSoldOut.remove(itemId);
		List<String> args = new ArrayList<>();
		args.add(why.name());
		args.add(String.valueOf(MARKS_UNSURE_FOR.toMillis()));
		args.add(String.valueOf(left));
		buyers.forEach((buyer) -> {
			args.add(buyer.getKey());
			args.add(String.valueOf(buyer.getValue()));
		});
		return run(REBUILD, List.of(key(itemId), unsureKey(itemId)), args.toArray(String[]::new)).then()
			.onErrorResume((ex) -> {
				trip(ex);
				return Mono.empty();
			});
	}

	/**
	 * Sets what is left of an item's quota to what PostgreSQL says, keeping the buyers'
	 * counts: cheap for an item with a hundred thousand buyers.
	 * @return false when the item has no state in Redis, which then needs
	 * {@link #rebuild}
	 */
	Mono<Boolean> correct(UUID itemId, long left) {
		if (bypassed()) {
			return Mono.just(true);
		}
		this.lastSeenSoldOut.remove(itemId);
		return run(CORRECT, List.of(key(itemId)), String.valueOf(left)).map((found) -> found == 1)
			.onErrorResume((ex) -> {
				trip(ex);
				return Mono.just(true);
			});
	}

	/** Removes an item's state, for a closed item. */
	Mono<Void> forget(UUID itemId) {
		this.lastSeenSoldOut.remove(itemId);
		return this.redis.reactive()
			.flatMap((client) -> client.getKeys().delete(key(itemId)))
			.timeout(this.timeout)
			.then()
			.onErrorResume((ex) -> Mono.empty());
	}

	private static Timer[] timers(MeterRegistry meters, String command) {
		return new Timer[] { timer(meters, command, "success"), timer(meters, command, "error") };
	}

	private static Timer timer(MeterRegistry meters, String command, String outcome) {
		return Timer.builder("cooplive.redis.commands")
			.description("Redis round trips of the live-drop gate by command and outcome")
			.tag("command", command)
			.tag("outcome", outcome)
			.register(meters);
	}

	private Mono<Long> run(String script, List<Object> keys, String... args) {
		return run(script, RScript.ReturnType.LONG, keys, args).map((result) -> (Long) result);
	}

	private Mono<Object> run(String script, RScript.ReturnType type, List<Object> keys, String... args) {
		long started = System.nanoTime();
		Timer[] timers = this.latency.get(script);
		return runScript(script, type, keys, args)
			.doOnSuccess((result) -> timers[0].record(System.nanoTime() - started, TimeUnit.NANOSECONDS))
			.doOnError((ex) -> timers[1].record(System.nanoTime() - started, TimeUnit.NANOSECONDS));
	}

	private Mono<Object> runScript(String script, RScript.ReturnType type, List<Object> keys, String... args) {
		return this.redis.reactive().flatMap((client) -> {
			RScriptReactive scripts = client.getScript(StringCodec.INSTANCE);
			AtomicReference<String> sha = this.shas.get(script);
			Mono<String> loaded = (sha.get() != null) ? Mono.just(sha.get())
					: scripts.scriptLoad(script).doOnNext(sha::set);
			return loaded
				.flatMap((hash) -> scripts.<Object>evalSha(RScript.Mode.READ_WRITE, hash, type, keys, (Object[]) args))
				.onErrorResume((ex) -> String.valueOf(ex.getMessage()).contains("NOSCRIPT"), (ex) -> {
					// Redis restarted and forgot the script: load it again once
					sha.set(null);
					return scripts.scriptLoad(script)
						.doOnNext(sha::set)
						.flatMap((hash) -> scripts.<Object>evalSha(RScript.Mode.READ_WRITE, hash, type, keys,
								(Object[]) args));
				});
		}).timeout(this.timeout);
	}

	// admissions (and looks) for one item share Redis round trips: while one call is out,
	// the orders arriving meanwhile queue up and go together in the next

	private static final int MAX_ORDERS_PER_CALL = 128;

	// one order in a batched call: its mark's key and its arguments to the script
	// how a waiting order is told its code, or that the call failed
	private interface Answer {

		void code(long code);

		void failed(Throwable ex);

		static Answer to(MonoSink<Long> sink) {
			return new Answer() {

				@Override
				public void code(long code) {
					sink.success(code);
				}

				@Override
				public void failed(Throwable ex) {
					sink.error(ex);
				}

			};
		}

	}

	private record Waiting(String markKey, String[] args, Answer answer, Executor answerOn) {
	}

	private final Coalescer<UUID, Waiting> admissions = new Coalescer<>(MAX_ORDERS_PER_CALL, null,
			(itemId, batch) -> call(ADMIT, itemId, batch));

	private final Coalescer<UUID, Waiting> looks = new Coalescer<>(MAX_ORDERS_PER_CALL, null,
			(itemId, batch) -> call(LOOK, itemId, batch));

	private Mono<Runnable> call(String script, UUID itemId, List<Waiting> batch) {
		List<Object> keys = new ArrayList<>(batch.size() + 1);
		keys.add(key(itemId));
		keys.add(unsureKey(itemId));
		List<String> args = new ArrayList<>(batch.size() * batch.get(0).args().length);
		for (Waiting waiting : batch) {
			keys.add(waiting.markKey());
			args.addAll(Arrays.asList(waiting.args()));
		}
		return run(script, RScript.ReturnType.LIST, keys, args.toArray(String[]::new))
			.<Runnable>map((result) -> () -> answer(batch, result))
			.onErrorResume((ex) -> Mono
				.just(() -> Handover.answer(batch, Waiting::answerOn, (waiting) -> waiting.answer().failed(ex))));
	}

	private record Coded(Waiting waiting, Long code) {
	}

	// each order's code, on the executor it named
	private static void answer(List<Waiting> batch, Object result) {
		List<?> codes = (List<?>) result;
		List<Coded> coded = new ArrayList<>(batch.size());
		for (int i = 0; i < batch.size(); i++) {
			coded.add(new Coded(batch.get(i),
					(i < codes.size() && codes.get(i) instanceof Number code) ? code.longValue() : null));
		}
		Handover.answer(coded, (answer) -> answer.waiting().answerOn(), (answer) -> {
			if (answer.code() != null) {
				answer.waiting().answer().code(answer.code());
			}
			else {
				answer.waiting().answer().failed(new IllegalStateException("the gate script answered " + result));
			}
		});
	}

	private String markKey(String mark) {
		return this.redis.settings().key("mark", (mark != null) ? mark : "-");
	}

	private String key(UUID itemId) {
		return this.redis.settings().key("gate", itemId.toString());
	}

	private String unsureKey(UUID itemId) {
		return this.redis.settings().key("gate-unsure", itemId.toString());
	}

	// a monotonic timer, not business time: how long to leave an unresponsive Redis alone
	private boolean bypassed() {
		return System.nanoTime() - this.bypassUntil.get() < 0;
	}

	private void trip(Throwable ex) {
		long until = System.nanoTime() + BYPASS.toNanos();
		this.rebuildNeeded.set(true);
		if (System.nanoTime() - this.bypassUntil.getAndSet(until) >= 0) {
			log.warn("Redis gate bypassed for {}, orders take the PostgreSQL path: {}", BYPASS, ex.toString());
		}
	}

	/**
	 * Whether Redis missed changes since the last call (it failed, so its counters may be
	 * stale): the caller rebuilds them from PostgreSQL.
	 */
	boolean takeRebuildRequest() {
		return !bypassed() && this.rebuildNeeded.getAndSet(false);
	}

}
