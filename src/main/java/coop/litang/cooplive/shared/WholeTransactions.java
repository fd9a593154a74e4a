package coop.litang.cooplive.shared;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.reactive.TransactionCallback;
import org.springframework.transaction.reactive.TransactionContext;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Transactions that run to their end, commit or rollback, whatever happens to the request
 * that started them: a caller that goes away (a request past its deadline, a client that
 * hung up) stops waiting for the outcome, and the transaction is not cut.
 * <p>
 * A transaction cancelled half-way is rolled back while its last statements may still be
 * in flight, and its connection can go back to the pool before the rollback is sent: the
 * next statement on that connection then runs inside the dying transaction, and reads
 * what it wrote (an order's key without the order) or is undone with it. A transaction
 * left to finish has neither: a retry finds its order once it committed, or places the
 * order afresh once it rolled back. A transaction inside another one is part of it and is
 * not detached apart.
 */
@Configuration(proxyBeanMethods = false)
class WholeTransactions {

	@Bean
	TransactionalOperator transactionalOperator(ReactiveTransactionManager transactionManager) {
		return new RunToTheEnd(TransactionalOperator.create(transactionManager));
	}

	static final class RunToTheEnd implements TransactionalOperator {

		private final TransactionalOperator operator;

		RunToTheEnd(TransactionalOperator operator) {
			this.operator = operator;
		}

		@Override
		public <T> Flux<T> execute(TransactionCallback<T> action) throws TransactionException {
			return this.operator.execute(action);
		}

		@Override
		public <T> Mono<T> transactional(Mono<T> mono) {
			Mono<T> transaction = this.operator.transactional(mono);
			return Mono.deferContextual((context) -> {
				if (context.hasKey(TransactionContext.class)) {
					// in the caller's transaction, which is the one run to its end
					return transaction;
				}
				return ToTheEnd.run(transaction);
			});
		}

	}

}
