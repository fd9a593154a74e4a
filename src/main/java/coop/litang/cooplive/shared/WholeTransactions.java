package coop.litang.cooplive.shared;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.Advisor;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.annotation.Transactional;
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
 * <p>
 * Both ways of starting one run to their end: the {@link TransactionalOperator} bean, and
 * a {@link Transactional @Transactional} method answering a {@code Mono}, whose
 * transaction (begun by Spring's interceptor, inside this one's advice) is subscribed on
 * its own when it is the outermost.
 */
@Configuration(proxyBeanMethods = false)
class WholeTransactions {

	@Bean
	TransactionalOperator transactionalOperator(ReactiveTransactionManager transactionManager) {
		return new RunToTheEnd(TransactionalOperator.create(transactionManager));
	}

	/**
	 * Around Spring's transaction interceptor (its advisor has the lowest precedence,
	 * this one the next higher), so the {@code Mono} it wraps holds the whole
	 * transaction.
	 */
	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static Advisor wholeAnnotatedTransactions() {
		ComposablePointcut annotated = new ComposablePointcut(new AnnotationMatchingPointcut(Transactional.class, true))
			.union(new AnnotationMatchingPointcut(null, Transactional.class, true));
		DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(annotated, new AnnotatedToTheEnd());
		advisor.setOrder(Ordered.LOWEST_PRECEDENCE - 1);
		return advisor;
	}

	static final class AnnotatedToTheEnd implements MethodInterceptor {

		@Override
		public Object invoke(MethodInvocation invocation) throws Throwable {
			Object result = invocation.proceed();
			return (result instanceof Mono<?> transaction) ? outermostToTheEnd(transaction) : result;
		}

	}

	// a transaction in the caller's is part of it: the caller's is the one run to its end
	static <T> Mono<T> outermostToTheEnd(Mono<T> transaction) {
		return Mono.deferContextual(
				(context) -> context.hasKey(TransactionContext.class) ? transaction : ToTheEnd.run(transaction));
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
			return outermostToTheEnd(this.operator.transactional(mono));
		}

	}

}
