package coop.litang.cooplive.shared;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Bounds the time of every exchange, the early answers ahead of the web framework
 * included (the sold-out answers of the ordering module, given before Reactor Netty hands
 * a request on, bound their own lookups and then hand the request on to this): a request
 * still unanswered after {@link WebSettings#requestTimeout()} is cancelled (a transaction
 * it started runs to its end, commit or rollback, and a retry with the same key finds
 * what it did) and answered {@code 503 REQUEST_TIMEOUT} with a {@code Retry-After}, so no
 * caller and no connection waits forever on a stalled server behind us. A response
 * already started, such as a stream of server-sent events, is left to run.
 */
@Component
class RequestDeadline implements HttpHandlerDecoratorFactory, Ordered, DisposableBean {

	static final String CODE = "REQUEST_TIMEOUT";

	private static final Logger log = LoggerFactory.getLogger(RequestDeadline.class);

	private final Duration limit;

	private final Counter exceeded;

	RequestDeadline(WebSettings settings, MeterRegistry meters) {
		this.limit = settings.requestTimeout();
		this.exceeded = Counter.builder("cooplive.requests.deadline.exceeded")
			.description("Requests answered 503 because they were not answered within the request timeout")
			.register(meters);
	}

	// one timer wheel for every request's deadline: adding and cancelling a timeout is a
	// queue operation, cheaper than a task on a scheduler for each request
	private final HashedWheelTimer wheel = new HashedWheelTimer(
			(task) -> new Thread(task, "cooplive-request-deadlines"), 50, TimeUnit.MILLISECONDS, 256);

	@Override
	public HttpHandler apply(HttpHandler next) {
		return (request, response) -> next.handle(request, response)
			.timeout(deadline(response), Mono.defer(() -> late(request, response)));
	}

	// signals once the limit has passed with nothing sent yet; a stream that has started
	// is never cut
	private Mono<Boolean> deadline(ServerHttpResponse response) {
		return Mono.create((sink) -> {
			Timeout timeout = this.wheel.newTimeout((expired) -> {
				if (!response.isCommitted()) {
					sink.success(Boolean.TRUE);
				}
			}, this.limit.toNanos(), TimeUnit.NANOSECONDS);
			sink.onCancel(timeout::cancel);
		});
	}

	@Override
	public void destroy() {
		this.wheel.stop();
	}

	private Mono<Void> late(ServerHttpRequest request, ServerHttpResponse response) {
		this.exceeded.increment();
		log.warn("{} {} not answered within {}: answered 503", request.getMethod(), request.getPath(), this.limit);
		if (response.isCommitted()) {
			return Mono.empty();
		}
		if (response.getHeaders().getFirst(RequestIds.HEADER) == null) {
			RequestIds.answer(request, response);
		}
		byte[] body = Problems.json(HttpStatus.SERVICE_UNAVAILABLE,
				"The request could not be answered in time; try again (with the same Idempotency-Key for an order)",
				request.getPath().value(), Map.of("code", CODE));
		response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
		HttpHeaders headers = response.getHeaders();
		headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		headers.setContentLength(body.length);
		headers.set(HttpHeaders.RETRY_AFTER, "1");
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
	}

	@Override
	public int getOrder() {
		// the outermost decorator: it bounds everything inside, the early answers too
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
