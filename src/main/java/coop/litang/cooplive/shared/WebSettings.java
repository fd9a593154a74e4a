package coop.litang.cooplive.shared;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the service answers over HTTP.
 *
 * @param requestTimeout the longest any request may go unanswered: past it the request is
 * cancelled and answered {@code 503 REQUEST_TIMEOUT} with a {@code Retry-After}. A stream
 * (server-sent events) is bounded only until its first bytes are sent.
 * @param trustedProxies addresses and ranges (CIDR) of the load balancers and ingresses
 * in front of the service: from them, the client's address is read from
 * {@code X-Forwarded-For}; empty (the default), the header is ignored
 */
@ConfigurationProperties("cooplive.web")
public record WebSettings(@DefaultValue("10s") Duration requestTimeout, List<String> trustedProxies) {

	public WebSettings {
		trustedProxies = (trustedProxies != null)
				? trustedProxies.stream().map(String::strip).filter((range) -> !range.isEmpty()).toList() : List.of();
		if (requestTimeout.isNegative() || requestTimeout.isZero()) {
			throw new IllegalArgumentException("cooplive.web.request-timeout must be positive");
		}
	}

}
