package coop.litang.cooplive.shared;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import io.micrometer.context.ContextRegistry;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is a sensible
 * token, else a new one. It is answered in the same header, carried in the Reactor
 * context through the whole reactive chain, and put in the logging MDC as
 * {@code requestId} wherever that chain runs (automatic context propagation), so every
 * log line of a request, plain or JSON, names it.
 */
@Component
public class RequestIds implements WebFilter, Ordered {

	/** The header carrying the id, both ways. */
	public static final String HEADER = "X-Request-Id";

	/** The Reactor context and MDC key. */
	public static final String KEY = "requestId";

	private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

	static {
		ContextRegistry.getInstance()
			.registerThreadLocalAccessor(KEY, () -> MDC.get(KEY), (value) -> MDC.put(KEY, value),
					() -> MDC.remove(KEY));
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String given = exchange.getRequest().getHeaders().getFirst(HEADER);
		String id = (given != null && ACCEPTED.matcher(given).matches()) ? given : newId();
		exchange.getResponse().getHeaders().set(HEADER, id);
		return chain.filter(exchange).contextWrite(Context.of(KEY, id));
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
