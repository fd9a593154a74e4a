package coop.litang.cooplive.shared;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import coop.litang.cooplive.members.MembersManagement;
import coop.litang.cooplive.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.interceptor.BeanFactoryTransactionAttributeSourceAdvisor;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A transaction runs to its end, commit or rollback, when the one waiting for it goes
 * away (a request past its deadline, a client that hung up); one inside another is part
 * of it; a caller still waiting hears how it ended; the same for a {@code @Transactional}
 * method. Read back from PostgreSQL.
 */
@IntegrationTest
class WholeTransactionsIntegrationTests {

	@Autowired
	TransactionalOperator transactions;

	@Autowired
	DatabaseClient db;

	@Autowired
	List<Advisor> advisors;

	@Autowired
	MembersManagement members;

	@Test
	void aTransactionWhoseCallerStopsWaitingCommitsWhole() {
		String first = key();
		String second = key();
		Mono<Void> work = insert(first).then(Mono.delay(Duration.ofMillis(500))).then(insert(second));
		StepVerifier.create(this.transactions.transactional(work).timeout(Duration.ofMillis(100)))
			.expectError(TimeoutException.class)
			.verify(Duration.ofSeconds(5));
		await().atMost(Duration.ofSeconds(10)).until(() -> stored(second));
		assertThat(stored(first)).as("the statement before the caller left is committed with the rest").isTrue();
	}

	@Test
	void aTransactionWhoseCallerStopsWaitingRollsBackWholeWhenItFails() {
		String first = key();
		String marker = key();
		Mono<Void> work = insert(first).then(Mono.delay(Duration.ofMillis(300)))
			.then(Mono.error(new IllegalStateException("refused after the caller left")));
		StepVerifier.create(this.transactions.transactional(work).timeout(Duration.ofMillis(100)))
			.expectError(TimeoutException.class)
			.verify(Duration.ofSeconds(5));
		// a transaction started afterwards on a connection of the same pool ends first
		Instant until = Instant.now().plusSeconds(2);
		while (Instant.now().isBefore(until)) {
			this.transactions.transactional(insert(marker).then(delete(marker))).block(Duration.ofSeconds(5));
			assertThat(stored(first)).as("nothing of the failed transaction is ever visible").isFalse();
		}
	}

	@Test
	void aTransactionInsideAnotherIsPartOfIt() {
		String inner = key();
		Mono<Void> outer = this.transactions.transactional(insert(inner))
			.then(Mono.error(new IllegalStateException("the outer transaction fails")));
		StepVerifier.create(this.transactions.transactional(outer))
			.expectErrorMessage("the outer transaction fails")
			.verify(Duration.ofSeconds(5));
		assertThat(stored(inner)).isFalse();
	}

	@Test
	void aCallerStillWaitingHearsHowItEnded() {
		String key = key();
		StepVerifier
			.create(this.transactions.transactional(insert(key).then(Mono.error(new IllegalStateException("refused")))))
			.expectErrorMessage("refused")
			.verify(Duration.ofSeconds(5));
		assertThat(stored(key)).isFalse();
		StepVerifier.create(this.transactions.transactional(insert(key).thenReturn("stored")))
			.expectNext("stored")
			.verifyComplete();
		assertThat(stored(key)).isTrue();
	}

	@Test
	void anAnnotatedTransactionWhoseCallerStopsWaitingCommitsWhole() {
		String first = key();
		String second = key();
		StepVerifier.create(annotated().apart(first, second).timeout(Duration.ofMillis(100)))
			.expectError(TimeoutException.class)
			.verify(Duration.ofSeconds(5));
		await().atMost(Duration.ofSeconds(10)).until(() -> stored(second));
		assertThat(stored(first)).as("the statement before the caller left is committed with the rest").isTrue();
	}

	@Test
	void anAnnotatedTransactionInsideAnotherIsPartOfIt() {
		String first = key();
		String second = key();
		Mono<Void> outer = annotated().apart(first, second)
			.then(Mono.error(new IllegalStateException("the outer transaction fails")));
		StepVerifier.create(this.transactions.transactional(outer))
			.expectErrorMessage("the outer transaction fails")
			.verify(Duration.ofSeconds(5));
		assertThat(stored(first)).isFalse();
		assertThat(stored(second)).isFalse();
	}

	@Test
	void theServicesAnnotatedTransactionsRunToTheirEnd() {
		assertThat(AopUtils.isAopProxy(this.members)).isTrue();
		List<Advisor> applied = List.of(((Advised) this.members).getAdvisors());
		int whole = indexOf(applied, (advisor) -> advisor.getAdvice() instanceof WholeTransactions.AnnotatedToTheEnd);
		int transaction = indexOf(applied, BeanFactoryTransactionAttributeSourceAdvisor.class::isInstance);
		assertThat(whole).as("advised to run to the end").isNotNegative();
		assertThat(transaction).as("advised by Spring's transactions").isNotNegative();
		assertThat(whole).as("outside Spring's transaction advice").isLessThan(transaction);
	}

	private static int indexOf(List<Advisor> applied, Predicate<Advisor> which) {
		for (int i = 0; i < applied.size(); i++) {
			if (which.test(applied.get(i))) {
				return i;
			}
		}
		return -1;
	}

	// a @Transactional bean advised as the application's beans are
	private TwoInserts annotated() {
		ProxyFactory proxy = new ProxyFactory(new TwoInserts(this));
		proxy.setProxyTargetClass(true);
		List<Advisor> sorted = new ArrayList<>(this.advisors);
		AnnotationAwareOrderComparator.sort(sorted);
		proxy.addAdvisors(sorted);
		return (TwoInserts) proxy.getProxy();
	}

	static class TwoInserts {

		private final WholeTransactionsIntegrationTests test;

		TwoInserts(WholeTransactionsIntegrationTests test) {
			this.test = test;
		}

		@Transactional
		public Mono<Void> apart(String first, String second) {
			return this.test.insert(first).then(Mono.delay(Duration.ofMillis(500))).then(this.test.insert(second));
		}

	}

	private static String key() {
		return "whole-transactions-" + UUID.randomUUID();
	}

	private Mono<Void> insert(String key) {
		return this.db
			.sql("INSERT INTO order_idempotency (idempotency_key, request_hash, order_id, created_at) "
					+ "VALUES (:key, 'test', :order, now())")
			.bind("key", key)
			.bind("order", UUID.randomUUID())
			.then();
	}

	private Mono<Void> delete(String key) {
		return this.db.sql("DELETE FROM order_idempotency WHERE idempotency_key = :key").bind("key", key).then();
	}

	private boolean stored(String key) {
		return Boolean.TRUE.equals(this.db.sql("SELECT count(*) FROM order_idempotency WHERE idempotency_key = :key")
			.bind("key", key)
			.map((row) -> row.get(0, Long.class) > 0)
			.one()
			.block(Duration.ofSeconds(5)));
	}

}
