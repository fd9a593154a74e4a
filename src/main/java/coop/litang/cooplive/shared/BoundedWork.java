package coop.litang.cooplive.shared;

import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Blocking, CPU-heavy work (password hashes, documents) on threads of its own: a bounded
 * number of them with a bounded queue each, never an event loop and never more of the
 * instance's cores than its threads. Work past the queue is refused at once with the
 * owner's answer (such as {@code 429 SIGN_IN_BUSY}), rather than queued without end.
 */
public final class BoundedWork {

	private final Scheduler threads;

	private final Supplier<? extends RuntimeException> busy;

	/**
	 * @param threads how many run at once
	 * @param queue how many may wait for each thread
	 * @param name the threads' name
	 * @param busy the refusal of work past the queue
	 */
	public BoundedWork(int threads, int queue, String name, Supplier<? extends RuntimeException> busy) {
		this.threads = Schedulers.newBoundedElastic(threads, queue, name);
		this.busy = busy;
	}

	/** The work, done on these threads; refused when too much is waiting. */
	public <T> Mono<T> run(Callable<T> work) {
		return Mono.fromCallable(work)
			.subscribeOn(this.threads)
			.onErrorMap(RejectedExecutionException.class, (ex) -> this.busy.get());
	}

	/** Stops the threads. */
	public void dispose() {
		this.threads.dispose();
	}

}
