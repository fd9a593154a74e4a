package coop.litang.cooplive.shared;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.netty.util.NetUtil;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Every storefront write (any request under {@code /api/v1/storefront/} but {@code GET},
 * {@code HEAD} and {@code OPTIONS}: orders, cancellations, payments, buyer verification)
 * takes one request from its client address's bucket of {@link RateLimits#perAddress()}
 * before it is routed; an empty bucket is answered {@code 429 RATE_LIMITED}
 * ({@code "limit": "per-address"}) with {@code Retry-After}, and the request is not read
 * further.
 * <p>
 * A web filter, so it sees only requests that reach the web framework: the answers given
 * before it (the sold-out refusals of {@code ordering.SoldOutAnswers}, locked sign-ins,
 * over-long URIs), which hold nothing, are not limited and take nothing from a bucket.
 * The client address is the connection's, or behind a trusted proxy the one it forwarded
 * ({@link TrustedProxies}).
 */
@Component
class StorefrontRateLimits implements WebFilter, Ordered {

	private final RateLimits limits;

	StorefrontRateLimits(RateLimits limits) {
		this.limits = limits;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		if (!this.limits.enabled() || !limited(request)) {
			return chain.filter(exchange);
		}
		RateLimit limit = this.limits.perAddress();
		return this.limits.take(limit, subject(request.getRemoteAddress()))
			.thenReturn(Boolean.TRUE)
			.onErrorResume(RateLimited.class, (refused) -> refuse(exchange, refused).thenReturn(Boolean.FALSE))
			.flatMap((passed) -> passed ? chain.filter(exchange) : Mono.empty());
	}

	/** Whether a request is a storefront write, however its path is spelled. */
	static boolean limited(ServerHttpRequest request) {
		HttpMethod method = request.getMethod();
		if (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS) {
			return false;
		}
		String raw = request.getPath().value();
		if (raw.startsWith(StorefrontFastPath.PREFIX)) {
			return true;
		}
		// routing matches decoded segments without their parameters (";..."), and empty
		// segments are easily written: a spelling such as /api/v1/%73torefront/orders
		// or /api//v1/storefront/orders must not pass unlimited
		return (raw.indexOf('%') >= 0 || raw.indexOf(';') >= 0 || raw.contains("//"))
				&& normalized(request.getPath().pathWithinApplication()).startsWith(StorefrontFastPath.PREFIX);
	}

	private static String normalized(PathContainer path) {
		StringBuilder normalized = new StringBuilder();
		for (PathContainer.Element element : path.elements()) {
			if (element instanceof PathContainer.PathSegment segment && !segment.valueToMatch().isEmpty()) {
				normalized.append('/').append(segment.valueToMatch());
			}
		}
		// the prefix ends with a slash
		return normalized.append('/').toString();
	}

	/**
	 * Whose bucket a request takes from: its client address, an IPv6 address by its /64
	 * network (what one subscriber is given, and changes at will within it).
	 */
	static String subject(InetSocketAddress remote) {
		if (remote == null) {
			return "unknown";
		}
		InetAddress address = remote.getAddress();
		if (address == null) {
			// a forwarded address is not resolved: read the literal without any lookup
			String host = remote.getHostString();
			if (host.startsWith("[") && host.endsWith("]")) {
				host = host.substring(1, host.length() - 1);
			}
			byte[] bytes = NetUtil.createByteArrayFromIpAddressString(host);
			if (bytes == null) {
				// an obfuscated identifier ("_hidden") or "unknown": all such share one
				return host.toLowerCase(Locale.ROOT);
			}
			try {
				address = InetAddress.getByAddress(bytes);
			}
			catch (UnknownHostException ex) {
				return host.toLowerCase(Locale.ROOT);
			}
		}
		if (address instanceof Inet6Address) {
			byte[] bytes = address.getAddress();
			StringBuilder network = new StringBuilder(24);
			for (int i = 0; i < 8; i += 2) {
				network.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
			}
			return network.append(":/64").toString();
		}
		return address.getHostAddress();
	}

	private static Mono<Void> refuse(ServerWebExchange exchange, RateLimited refused) {
		var response = exchange.getResponse();
		HttpHeaders headers = response.getHeaders();
		// RequestIds ran first and gave the answer its id; the security chain, which
		// writes these headers elsewhere, has not run (and storefront requests skip it)
		StorefrontFastPath.writeSecurityHeaders(headers);
		headers.set(HttpHeaders.RETRY_AFTER, Long.toString(refused.retryAfterSeconds()));
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("code", refused.code());
		properties.put("limit", refused.limit());
		byte[] body = Problems.json(HttpStatus.TOO_MANY_REQUESTS, refused.getMessage(),
				exchange.getRequest().getPath().value(), properties);
		headers.setContentLength(body.length);
		return Problems.answerEarly(exchange.getRequest(), response, HttpStatus.TOO_MANY_REQUESTS, body);
	}

	@Override
	public int getOrder() {
		// right after RequestIds, ahead of security and routing
		return Ordered.HIGHEST_PRECEDENCE + 1;
	}

}
