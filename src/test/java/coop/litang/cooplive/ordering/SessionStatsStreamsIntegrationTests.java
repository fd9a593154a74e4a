package coop.litang.cooplive.ordering;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import coop.litang.cooplive.catalog.SkuView;
import coop.litang.cooplive.livestream.SessionView;
import coop.litang.cooplive.shared.Actor;
import coop.litang.cooplive.shared.TooManyRequests;
import coop.litang.cooplive.testing.Fixtures;
import coop.litang.cooplive.testing.IntegrationTest;
import coop.litang.cooplive.testing.Orders;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The watchers of a session's live stats share one source (its figures are computed once
 * per change, not once per watcher), and one user holds at most four streams.
 */
@IntegrationTest
class SessionStatsStreamsIntegrationTests {

	private static final Actor ADMIN = new Actor("admin-watcher", List.of("ADMIN"), null);

	@Autowired
	OrderManagement orders;

	@Autowired
	Fixtures fixtures;

	@Autowired
	WebTestClient web;

	@Test
	void watchersOfASessionGetTheSameFiguresFromOneSource() throws Exception {
		SkuView sku = this.fixtures.skuInStock(5800, 20);
		SessionView session = this.fixtures.liveSession(this.fixtures.member(true).id(), sku.id(), 5000, 10, 5);
		List<SessionStatsView> first = new CopyOnWriteArrayList<>();
		List<SessionStatsView> second = new CopyOnWriteArrayList<>();
		Disposable one = this.orders.statsStream(session.id(), ADMIN).subscribe(first::add);
		Disposable two = this.orders.statsStream(session.id(), new Actor("other-admin", List.of("ADMIN"), null))
			.subscribe(second::add);
		try {
			await(() -> !first.isEmpty() && !second.isEmpty());
			// the second watcher got the figures the first one caused, not a query of its
			// own
			assertThat(second.get(0)).isSameAs(first.get(0));
			Orders
				.place(this.web, UUID.randomUUID().toString(),
						Orders.body(session.id(), Fixtures.uniquePhone(), sku.code(), 1))
				.expectStatus()
				.isCreated();
			await(() -> first.stream().anyMatch((stats) -> stats.orders() == 1)
					&& second.stream().anyMatch((stats) -> stats.orders() == 1));
			SessionStatsView pushed = first.stream().filter((stats) -> stats.orders() == 1).findFirst().orElseThrow();
			assertThat(second).anyMatch((stats) -> stats == pushed);
		}
		finally {
			one.dispose();
			two.dispose();
		}
	}

	@Test
	void oneUserHoldsAtMostFourStreams() throws Exception {
		SkuView sku = this.fixtures.skuInStock(5800, 20);
		SessionView session = this.fixtures.liveSession(this.fixtures.member(true).id(), sku.id(), 5000, 10, 5);
		Actor watcher = new Actor("busy-admin", List.of("ADMIN"), null);
		List<Disposable> open = new ArrayList<>();
		try {
			// four open, each past its checks (it has had its first figures)
			CountDownLatch started = new CountDownLatch(4);
			for (int i = 0; i < 4; i++) {
				open.add(this.orders.statsStream(session.id(), watcher).subscribe((stats) -> started.countDown()));
			}
			assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
			StepVerifier.create(this.orders.statsStream(session.id(), watcher))
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(TooManyRequests.class)
					.satisfies(
							(refusal) -> assertThat(((TooManyRequests) refusal).code()).isEqualTo("TOO_MANY_STREAMS")))
				.verify(Duration.ofSeconds(5));
			// another user is not held back by it
			StepVerifier.create(this.orders.statsStream(session.id(), ADMIN).take(1))
				.expectNextCount(1)
				.verifyComplete();
			// one closed, one more may open
			open.remove(0).dispose();
			StepVerifier.create(this.orders.statsStream(session.id(), watcher).take(1))
				.expectNextCount(1)
				.verifyComplete();
		}
		finally {
			open.forEach(Disposable::dispose);
		}
	}

	private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
		long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("waited 5 s").isLessThan(until);
			Thread.sleep(20);
		}
	}

}
