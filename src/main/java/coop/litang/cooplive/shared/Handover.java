package coop.litang.cooplive.shared;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Hands a batch's answers to the executors their askers named, such as the event loop
 * serving each request, in one task per executor: the thread that got the batch's result
 * (a database or Redis connection's) then does not go on with every request of the batch
 * by itself, and no request costs a task of its own.
 */
public final class Handover {

	private Handover() {
	}

	/**
	 * Answers each asker of a batch on its executor; askers that named none (null) are
	 * answered here, as are those whose executor is shutting down.
	 */
	public static <T> void answer(List<T> batch, Function<T, Executor> executorOf, Consumer<T> answer) {
		Map<Executor, List<T>> byExecutor = null;
		for (T asked : batch) {
			Executor executor = executorOf.apply(asked);
			if (executor == null) {
				answer.accept(asked);
			}
			else {
				if (byExecutor == null) {
					byExecutor = new IdentityHashMap<>(8);
				}
				byExecutor.computeIfAbsent(executor, (key) -> new ArrayList<>()).add(asked);
			}
		}
		if (byExecutor == null) {
			return;
		}
		byExecutor.forEach((executor, group) -> {
			try {
				executor.execute(() -> group.forEach(answer));
			}
			catch (RejectedExecutionException ex) {
				group.forEach(answer);
			}
		});
	}

}
