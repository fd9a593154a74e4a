package coop.litang.cooplive.shared;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The storefront's cheap way through the web stack, in one place. The storefront is open
 * to everyone and a live drop sends it thousands of requests a second: those with a plain
 * path skip Spring Security's filter chain, its firewall and its observation, so their
 * answers get the security headers the chain writes on all others from here.
 */
public final class StorefrontFastPath {

	/** What every storefront path starts with. */
	public static final String PREFIX = "/api/v1/storefront/";

	/** All storefront paths, as a path pattern. */
	public static final String PATTERN = PREFIX + "**";

	private StorefrontFastPath() {
	}

	/** Whether a request is for the storefront, plain path or not. */
	public static boolean storefront(ServerHttpRequest request) {
		return request.getPath().value().startsWith(PREFIX);
	}

	/**
	 * Whether a request skips the security filter chain, its firewall and its
	 * observation: a storefront path with nothing a firewall would look at twice, no
	 * encoded or traversing segments. Any other request goes through all three.
	 */
	public static boolean skipsSecurityChain(ServerHttpRequest request) {
		String path = request.getURI().getRawPath();
		return path.startsWith(PREFIX) && path.indexOf('%') < 0 && path.indexOf(';') < 0 && path.indexOf('\\') < 0
				&& !path.contains("..") && !path.contains("//");
	}

	/**
	 * Writes the security headers the filter chain writes on answers outside the
	 * storefront, for answers on it.
	 */
	public static void writeSecurityHeaders(HttpHeaders headers) {
		headers.set(HttpHeaders.CACHE_CONTROL, "no-cache, no-store, max-age=0, must-revalidate");
		headers.set("X-Content-Type-Options", "nosniff");
		headers.set("X-Frame-Options", "DENY");
	}

}
