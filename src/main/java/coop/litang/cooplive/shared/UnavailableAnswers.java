package coop.litang.cooplive.shared;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Answers a database outage raised outside any controller (a web filter, security, a
 * handler chosen before the controller) as the controllers do:
 * {@code 503 DATABASE_UNAVAILABLE} problem with a {@code Retry-After}, not the default
 * 500. Every other error goes on to the next handler.
 */
@Component
class UnavailableAnswers implements WebExceptionHandler, Ordered {

	private static final Logger log = LoggerFactory.getLogger(UnavailableAnswers.class);

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		if (exchange.getResponse().isCommitted() || !DatabaseOutage.causes(ex)) {
			return Mono.error(ex);
		}
		RequestIds.log(exchange, () -> log.warn("database unavailable on {} {}: {}", exchange.getRequest().getMethod(),
				exchange.getRequest().getPath(), ex.toString()));
		ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, DatabaseOutage.DETAIL, exchange);
		problem.setProperty("code", DatabaseOutage.CODE);
		exchange.getResponse()
			.getHeaders()
			.set(HttpHeaders.RETRY_AFTER, Long.toString(DatabaseOutage.RETRY_AFTER.toSeconds()));
		return Problems.write(exchange, problem);
	}

	@Override
	public int getOrder() {
		// ahead of Spring Boot's error handler (-1)
		return -2;
	}

}
