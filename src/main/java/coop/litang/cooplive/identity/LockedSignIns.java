package coop.litang.cooplive.identity;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;

import coop.litang.cooplive.shared.Problems;
import coop.litang.cooplive.shared.TryLater;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.stereotype.Component;

/**
 * A sign-in from an address this instance knows to be locked is answered
 * {@code 429 SIGN_IN_THROTTLED} before the web framework reads it: a storm of guesses
 * from one address then costs little more than its connections, and a drop on the same
 * instance keeps its cores. The first refusals of a lock go the usual way, which learns
 * it from Redis.
 */
@Component
class LockedSignIns implements HttpHandlerDecoratorFactory, Ordered {

	private static final String PATH = "/api/v1/auth/token";

	private final SignInThrottle throttle;

	LockedSignIns(SignInThrottle throttle) {
		this.throttle = throttle;
	}

	@Override
	public HttpHandler apply(HttpHandler handler) {
		return (request, response) -> {
			if (request.getMethod() != HttpMethod.POST || !PATH.equals(request.getPath().value())) {
				return handler.handle(request, response);
			}
			InetSocketAddress remote = request.getRemoteAddress();
			long wait = (remote != null && remote.getAddress() != null)
					? this.throttle.knownLock(remote.getAddress().getHostAddress()) : 0;
			if (wait <= 0) {
				return handler.handle(request, response);
			}
			this.throttle.refusedEarly();
			byte[] body = Problems.json(HttpStatus.TOO_MANY_REQUESTS,
					"too many failed sign-ins for this username or from this address; try again later", PATH,
					Map.of("code", "SIGN_IN_THROTTLED"));
			response.getHeaders()
				.set(HttpHeaders.RETRY_AFTER, Long.toString(TryLater.seconds(Duration.ofMillis(wait))));
			return Problems.answerEarly(request, response, HttpStatus.TOO_MANY_REQUESTS, body);
		};
	}

	@Override
	public int getOrder() {
		// inside the request deadline, the URI limit and the problem dressing
		return Ordered.HIGHEST_PRECEDENCE + 3;
	}

}
