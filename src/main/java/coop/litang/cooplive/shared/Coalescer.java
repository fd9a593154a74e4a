package coop.litang.cooplive.shared;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Function;

import reactor.core.publisher.Mono;

/**
 * Merges work on a hot key into batches: while one batch for a key is running, what
 * arrives for that key queues up and goes, in arrival order and up to a maximum, into the
 * next. Keys do not wait for each other. The work answers each submitter itself, and
 * hands those answers back to be given once the key's next batch has been started: a
 * batch's round trip then overlaps with answering the one before. Its failure is its own
 * to report (whatever error it ends with is dropped here).
 *
 * @param <K> what work is merged by, such as a live item
 * @param <T> one submitted piece of work
 */
public final class Coalescer<K, T> {

	private final int maxBatch;

	private final Function<T, Object> distinctBy;

	private final BiFunction<K, List<T>, Mono<Runnable>> work;

	private final Map<K, Lane<T>> lanes = new ConcurrentHashMap<>();

	private static final Runnable NOTHING = () -> {
	};

	/**
	 * @param maxBatch the most pieces in one batch
	 * @param distinctBy pieces with the same value go in different batches (such as one
	 * order per buyer); {@code null} for no such rule
	 * @param work runs one batch of a key, and gives what is left to do when it is done,
	 * such as answering its submitters
	 */
	public Coalescer(int maxBatch, Function<T, Object> distinctBy, BiFunction<K, List<T>, Mono<Runnable>> work) {
		this.maxBatch = maxBatch;
		this.distinctBy = distinctBy;
		this.work = work;
	}

	private static final class Lane<T> {

		private final Queue<T> waiting = new ConcurrentLinkedQueue<>();

		private final AtomicBoolean running = new AtomicBoolean();

	}

	/** Queues a piece of work for its key and starts a batch unless one is running. */
	public void submit(K key, T piece) {
		Lane<T> lane = this.lanes.computeIfAbsent(key, (k) -> new Lane<>());
		lane.waiting.add(piece);
		drain(key, lane);
	}

	private void drain(K key, Lane<T> lane) {
		while (!lane.waiting.isEmpty() && lane.running.compareAndSet(false, true)) {
			List<T> batch = take(lane);
			if (!batch.isEmpty()) {
				this.work.apply(key, batch)
					.onErrorResume((ex) -> Mono.empty())
					.defaultIfEmpty(NOTHING)
					.subscribe((answers) -> {
						lane.running.set(false);
						drain(key, lane);
						answers.run();
					});
				return;
			}
			// another drain took what was there: let a piece arriving now start a batch
			lane.running.set(false);
		}
	}

	private List<T> take(Lane<T> lane) {
		List<T> batch = new ArrayList<>();
		List<T> later = new ArrayList<>();
		Set<Object> seen = new HashSet<>();
		T next;
		while (batch.size() < this.maxBatch && (next = lane.waiting.poll()) != null) {
			if (this.distinctBy == null || seen.add(this.distinctBy.apply(next))) {
				batch.add(next);
			}
			else {
				later.add(next);
			}
		}
		lane.waiting.addAll(later);
		return batch;
	}

}
