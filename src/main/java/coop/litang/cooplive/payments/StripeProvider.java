package coop.litang.cooplive.payments;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.ApiException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.PermissionException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.RefundCreateParams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Stripe through stripe-java. Its client blocks, so every call runs on a scheduler of its
 * own with a bounded number of threads and a bounded queue, and is cut off after
 * {@link StripeSettings#callTimeout()}: a Stripe outage answers 503 quickly instead of
 * tying up threads.
 */
@Component
class StripeProvider implements PaymentProvider, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(StripeProvider.class);

	private final StripeSettings settings;

	private final PaymentMetrics metrics;

	private final StripeClient client;

	private final Scheduler calls;

	StripeProvider(StripeSettings settings, PaymentMetrics metrics) {
		this.settings = settings;
		this.metrics = metrics;
		this.client = settings.configured() ? StripeClient.builder()
			.setApiKey(settings.secretKey())
			.setApiBase(settings.apiBase())
			.setConnectTimeout((int) settings.connectTimeout().toMillis())
			.setReadTimeout((int) settings.readTimeout().toMillis())
			.setMaxNetworkRetries(settings.maxNetworkRetries())
			.build() : null;
		this.calls = Schedulers.newBoundedElastic(settings.maxConcurrentCalls(), Math.max(1, settings.maxQueuedCalls()),
				"stripe");
	}

	@Override
	public boolean configured() {
		return this.client != null;
	}

	@Override
	public Mono<ProviderIntent> createIntent(UUID orderId, long amountFen, String currency, List<String> methodTypes,
			String idempotencyKey) {
		PaymentIntentCreateParams params = PaymentIntentCreateParams.builder()
			.setAmount(amountFen)
			.setCurrency(currency)
			.addAllPaymentMethodType(methodTypes)
			.putMetadata("order_id", orderId.toString())
			.setDescription("cooplive order " + orderId)
			.build();
		RequestOptions options = RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
		return call("create_payment_intent", () -> toIntent(this.client.v1().paymentIntents().create(params, options)));
	}

	@Override
	public Mono<ProviderIntent> intent(String intentId) {
		return call("retrieve_payment_intent", () -> toIntent(this.client.v1().paymentIntents().retrieve(intentId)));
	}

	@Override
	public Mono<ProviderRefund> refund(String intentId, long amountFen, String reason, String idempotencyKey) {
		RefundCreateParams params = RefundCreateParams.builder()
			.setPaymentIntent(intentId)
			.setAmount(amountFen)
			.putMetadata("reason", reason)
			.build();
		RequestOptions options = RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
		return call("create_refund", () -> toRefund(this.client.v1().refunds().create(params, options)));
	}

	@Override
	public Mono<ProviderRefund> refundStatus(String refundId) {
		return call("retrieve_refund", () -> toRefund(this.client.v1().refunds().retrieve(refundId)));
	}

	private <T> Mono<T> call(String operation, Callable<T> work) {
		if (!configured()) {
			return Mono.error(new ProviderUnavailable("card payments are not configured", null));
		}
		long started = System.nanoTime();
		return Mono.fromCallable(work)
			.subscribeOn(this.calls)
			.timeout(this.settings.callTimeout())
			.onErrorMap(StripeProvider::translate)
			.doOnSuccess((done) -> this.metrics.stripeCall(operation, "success", started))
			.doOnError((ex) -> this.metrics.stripeCall(operation,
					(ex instanceof ProviderRefused) ? "refused" : "unavailable", started));
	}

	private static Throwable translate(Throwable ex) {
		if (ex instanceof ProviderUnavailable || ex instanceof ProviderRefused) {
			return ex;
		}
		if (ex instanceof TimeoutException) {
			return new ProviderUnavailable("Stripe did not answer in time", ex);
		}
		if (ex instanceof RejectedExecutionException) {
			return new ProviderUnavailable("too many calls to Stripe are waiting", ex);
		}
		if (ex instanceof ApiConnectionException || ex instanceof ApiException || ex instanceof RateLimitException) {
			return new ProviderUnavailable("Stripe is not available: " + ex.getMessage(), ex);
		}
		if (ex instanceof AuthenticationException || ex instanceof PermissionException) {
			log.error("Stripe refused our credentials: {}", ex.getMessage());
			return new ProviderUnavailable("card payments are misconfigured", ex);
		}
		if (ex instanceof StripeException stripe) {
			return new ProviderRefused(stripe.getCode(), stripe.getMessage(), ex);
		}
		return new ProviderUnavailable("calling Stripe failed: " + ex, ex);
	}

	static ProviderIntent toIntent(PaymentIntent intent) {
		String order = (intent.getMetadata() != null) ? intent.getMetadata().get("order_id") : null;
		return new ProviderIntent(intent.getId(), parseOrder(order), zeroIfNull(intent.getAmount()),
				zeroIfNull(intent.getAmountReceived()), intent.getCurrency(), intent.getStatus(),
				intent.getClientSecret());
	}

	private static ProviderRefund toRefund(com.stripe.model.Refund refund) {
		return new ProviderRefund(refund.getId(), zeroIfNull(refund.getAmount()), refund.getStatus(),
				refund.getFailureReason());
	}

	static UUID parseOrder(String text) {
		if (text == null) {
			return null;
		}
		try {
			return UUID.fromString(text);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	static long zeroIfNull(Long value) {
		return (value != null) ? value : 0L;
	}

	@Override
	public void destroy() {
		this.calls.dispose();
	}

}
