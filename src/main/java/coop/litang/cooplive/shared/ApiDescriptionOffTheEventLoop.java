package coop.litang.cooplive.shared;

import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Serves the API description off the event loops. springdoc builds it under a lock, in
 * the background at start-up (pre-loading) or at the first request: a request arriving
 * meanwhile waits for that lock, which must not stall an event loop and every request it
 * serves.
 */
@Component
class ApiDescriptionOffTheEventLoop implements WebFilter, Ordered {

	private static final String PATH = "/v3/api-docs";

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!exchange.getRequest().getPath().value().startsWith(PATH)) {
			return chain.filter(exchange);
		}
		return chain.filter(exchange).subscribeOn(Schedulers.boundedElastic());
	}

	@Override
	public int getOrder() {
		// late: the security chain and the request deadline have seen the request
		return Ordered.LOWEST_PRECEDENCE;
	}

}
