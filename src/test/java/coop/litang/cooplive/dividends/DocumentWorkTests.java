package coop.litang.cooplive.dividends;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import coop.litang.cooplive.shared.Unavailable;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Document work runs on threads of its own, as many at once as configured and a bounded
 * number waiting: past it the work is refused {@code 503 DOCUMENTS_BUSY} at once, with a
 * {@code Retry-After}, rather than queued behind hundreds of others or taken to the cores
 * a drop needs.
 */
class DocumentWorkTests {

	@Test
	void workPastTheQueueIsRefusedBusyAndTheRestIsDone() throws Exception {
		DocumentWork work = new DocumentWork(new DocumentSettings(1, 2));
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch started = new CountDownLatch(1);
		try {
			String[] thread = new String[1];
			Disposable running = work.run(() -> {
				thread[0] = Thread.currentThread().getName();
				started.countDown();
				return release.await(10, TimeUnit.SECONDS);
			}).subscribe();
			assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
			assertThat(thread[0]).startsWith("documents");
			// the one thread is busy: two may wait, the third is refused
			List<CompletableFuture<String>> waiting = List.of(work.run(() -> "second").toFuture(),
					work.run(() -> "third").toFuture());
			StepVerifier.create(work.run(() -> "fourth")).expectErrorSatisfies((ex) -> {
				assertThat(ex).isInstanceOf(Unavailable.class);
				Unavailable busy = (Unavailable) ex;
				assertThat(busy.code()).isEqualTo("DOCUMENTS_BUSY");
				assertThat(busy.retryAfter()).isEqualTo(Duration.ofSeconds(5));
			}).verify(Duration.ofSeconds(5));
			release.countDown();
			assertThat(waiting.get(0).get(5, TimeUnit.SECONDS)).isEqualTo("second");
			assertThat(waiting.get(1).get(5, TimeUnit.SECONDS)).isEqualTo("third");
			running.dispose();
		}
		finally {
			release.countDown();
			work.destroy();
		}
	}

}
