package coop.litang.cooplive.console;

import org.reactivestreams.Publisher;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Serves the files of WebJars ({@code /webjars/**}, such as the console's chart library)
 * off the event loops: they are read from jar files with blocking reads, both when the
 * file is looked up and while its bytes are sent, which must not stall an event loop and
 * every request it serves.
 */
@Component
class WebJarsOffTheEventLoop implements WebFilter, Ordered {

	private static final String PATH = "/webjars/";

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!exchange.getRequest().getPath().value().startsWith(PATH)) {
			return chain.filter(exchange);
		}
		ServerHttpResponseDecorator response = new ServerHttpResponseDecorator(exchange.getResponse()) {

			@Override
			public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
				// each read of the file, asked for by the network, happens on a worker
				return super.writeWith(Flux.from(body).subscribeOn(Schedulers.boundedElastic()));
			}

		};
		return chain.filter(exchange.mutate().response(response).build()).subscribeOn(Schedulers.boundedElastic());
	}

	@Override
	public int getOrder() {
		// late: the security chain and the request deadline have seen the request
		return Ordered.LOWEST_PRECEDENCE;
	}

}
