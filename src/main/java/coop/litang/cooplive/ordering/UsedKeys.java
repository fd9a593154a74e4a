package coop.litang.cooplive.ordering;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import coop.litang.cooplive.shared.Coalescer;
import coop.litang.cooplive.shared.Handover;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Asks PostgreSQL whether an idempotency key was used by a committed order, before a live
 * drop's order is refused from Redis alone: Redis may have lost the key's mark (a
 * restart), never received it (an instance past its gate, or killed between commit and
 * answer), so only PostgreSQL can say that a key is unused. The questions for one item
 * share one indexed lookup while the previous one is out, so a drop's thousands of
 * refusals a second cost a few queries.
 */
@Component
class UsedKeys {

	private static final int MAX_KEYS_PER_LOOKUP = 256;

	// shorter than a request's deadline: a stalled database turns into an answer
	private static final Duration TIMEOUT = Duration.ofSeconds(3);

	/**
	 * What a question about a key is told: whether the key is used, or why nobody knows.
	 */
	interface Answer {

		void used(boolean used);

		void failed(Throwable ex);

	}

	private record Asked(String key, Answer answer, Executor answerOn) {
	}

	private final Orders orders;

	private final Coalescer<String, Asked> lookups = new Coalescer<>(MAX_KEYS_PER_LOOKUP, null,
			(item, batch) -> lookup(batch));

	UsedKeys(Orders orders) {
		this.orders = orders;
	}

	/**
	 * Whether a committed order holds the key.
	 * @param lane what the questions are batched by, such as the SKU of the live item
	 * @throws org.springframework.dao.DataAccessException when PostgreSQL cannot answer
	 */
	Mono<Boolean> used(String lane, String key) {
		return used(lane, key, null);
	}

	/**
	 * The same, answered on the given executor, such as the event loop serving the asking
	 * request, where its answer is then written: a lookup's answers are handed over in
	 * one task per executor, so that the database connection's thread does not go on with
	 * every request of the batch by itself.
	 */
	Mono<Boolean> used(String lane, String key, Executor answerOn) {
		return Mono.create((sink) -> ask(lane, key, answerOn, new Answer() {

			@Override
			public void used(boolean used) {
				sink.success(used);
			}

			@Override
			public void failed(Throwable ex) {
				sink.error(ex);
			}

		}));
	}

	/** The same, told to a callback without a reactive step, for the hottest caller. */
	void ask(String lane, String key, Executor answerOn, Answer answer) {
		this.lookups.submit(lane, new Asked(key, answer, answerOn));
	}

	private Mono<Runnable> lookup(List<Asked> batch) {
		String[] keys = batch.stream().map(Asked::key).distinct().toArray(String[]::new);
		return this.orders.usedKeys(keys)
			.collect(HashSet<String>::new, Set::add)
			.timeout(TIMEOUT,
					Mono.error(() -> new QueryTimeoutException("no answer from PostgreSQL within " + TIMEOUT)))
			.<Runnable>map((used) -> () -> answer(batch, (asked) -> asked.answer().used(used.contains(asked.key()))))
			.onErrorResume((ex) -> Mono.just(() -> answer(batch, (asked) -> asked.answer().failed(ex))));
	}

	private static void answer(List<Asked> batch, Consumer<Asked> answer) {
		Handover.answer(batch, Asked::answerOn, answer);
	}

}
