package coop.litang.cooplive.payments;

import coop.litang.cooplive.shared.LeaderJob;
import coop.litang.cooplive.shared.RedisAccess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Every reconcile interval, on one instance at a time, asks Stripe about PaymentIntents
 * older than {@link StripeSettings#reconcileAfter()} that are still unsettled and applies
 * what it says, so a lost webhook cannot leave a paid order unpaid; and asks again about
 * refunds still pending after a minute. Does nothing while card payments are not
 * configured.
 */
@Component
class PaymentReconciler extends LeaderJob {

	private static final Logger log = LoggerFactory.getLogger(PaymentReconciler.class);

	private static final int BATCH = 100;

	private final PaymentManagement payments;

	private final RefundSettlement settlement;

	private final PaymentProvider provider;

	PaymentReconciler(PaymentManagement payments, RefundSettlement settlement, PaymentProvider provider,
			StripeSettings settings, RedisAccess redis) {
		super("payment-reconciler", settings.reconcileInterval(), redis);
		this.payments = payments;
		this.settlement = settlement;
		this.provider = provider;
	}

	/** One round: the number of PaymentIntents and refunds asked about. */
	Mono<Long> reconcileOnce() {
		if (!this.provider.configured()) {
			return Mono.just(0L);
		}
		Mono<Long> intents = this.payments.intentsToReconcile(BATCH)
			.concatMap((intent) -> this.payments.reconcile(intent).onErrorResume((ex) -> {
				log.warn("could not reconcile payment {}: {}", intent.stripeId(), ex.toString());
				return Mono.empty();
			}))
			.count();
		Mono<Long> refunds = this.settlement.toRetry(BATCH)
			.concatMap((refund) -> this.settlement.check(refund).onErrorResume((ex) -> {
				log.warn("could not check refund {}: {}", refund.id(), ex.toString());
				return Mono.empty();
			}))
			.count();
		return intents.zipWith(refunds, Long::sum);
	}

	@Override
	protected Mono<?> runOnce() {
		return reconcileOnce();
	}

}
