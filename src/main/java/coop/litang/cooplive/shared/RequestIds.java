package coop.litang.cooplive.shared;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is a sensible
 * token, else a new one. It is answered in the same header and carried in the Reactor
 * context through the whole reactive chain, whatever threads it runs on; our log lines of
 * a request put it in the logging MDC as {@code requestId} ({@link #log}), so they name
 * it, plain or JSON. Reactor's automatic propagation of thread locals would do that for
 * every operator of every request, at a sixth of a live drop's throughput; the lines that
 * matter ask for it instead.
 */
@Component
public class RequestIds implements WebFilter, Ordered {

	/** The header carrying the id, both ways. */
	public static final String HEADER = "X-Request-Id";

	/** The Reactor context and MDC key. */
	public static final String KEY = "requestId";

	private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String id = answer(exchange.getRequest(), exchange.getResponse());
		return chain.filter(exchange).contextWrite(Context.of(KEY, id));
	}

	/**
	 * Gives a response the request's id and, on the storefront, the security headers
	 * ({@link StorefrontFastPath}); also for code answering before any web filter runs.
	 * @return the id
	 */
	public static String answer(ServerHttpRequest request, ServerHttpResponse response) {
		String id = idFor(request.getHeaders().getFirst(HEADER));
		HttpHeaders headers = response.getHeaders();
		headers.set(HEADER, id);
		if (StorefrontFastPath.storefront(request)) {
			// what the security filter chain writes elsewhere; the storefront skips it
			StorefrontFastPath.writeSecurityHeaders(headers);
		}
		return id;
	}

	/**
	 * The id of a request that came with the given {@code X-Request-Id} (or none): the
	 * caller's when it is a sensible token, else a new one.
	 */
	public static String idFor(String given) {
		return (given != null && ACCEPTED.matcher(given).matches()) ? given : newId();
	}

	/**
	 * Runs a logging statement with the request id of a reactive chain's context in the
	 * MDC, such as {@code Mono.deferContextual(ctx -> ...)} or
	 * {@code signal.getContextView()} gives.
	 */
	public static void log(ContextView context, Runnable statement) {
		String id = context.getOrDefault(KEY, null);
		if (id == null) {
			statement.run();
			return;
		}
		try (MDC.MDCCloseable scope = MDC.putCloseable(KEY, id)) {
			statement.run();
		}
	}

	/** The same for code that holds the exchange, such as an exception handler. */
	public static void log(ServerWebExchange exchange, Runnable statement) {
		String id = exchange.getResponse().getHeaders().getFirst(HEADER);
		log((id != null) ? Context.of(KEY, id) : Context.empty(), statement);
	}

	private static String newId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return Long.toHexString(random.nextLong() | Long.MIN_VALUE)
				+ Long.toHexString(random.nextLong() | Long.MIN_VALUE);
	}

	@Override
	public int getOrder() {
		// before security, so refusals carry the id too
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
