package coop.litang.cooplive.shared;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the service answers over HTTP.
 *
 * @param requestTimeout the longest any request may go unanswered: past it the request is
 * cancelled and answered {@code 503 REQUEST_TIMEOUT} with a {@code Retry-After}. A stream
 * (server-sent events) is bounded only until its first bytes are sent.
 */
@ConfigurationProperties("cooplive.web")
public record WebSettings(@DefaultValue("10s") Duration requestTimeout) {

	public WebSettings {
		if (requestTimeout.isNegative() || requestTimeout.isZero()) {
			throw new IllegalArgumentException("cooplive.web.request-timeout must be positive");
		}
	}

}
