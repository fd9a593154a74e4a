package coop.litang.cooplive.shared;

import java.util.Map;

import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.stereotype.Component;

/**
 * An over-long URI is answered {@code 414} problem details before anything else looks at
 * it. Netty reads request lines of up to {@code server.netty.max-initial-line-length} (16
 * KB here) and answers longer ones itself, without a body.
 */
@Component
class UriLimit implements HttpHandlerDecoratorFactory, Ordered {

	/** The longest path and query answered. */
	static final int MAX_URI_LENGTH = 8 * 1024;

	@Override
	public HttpHandler apply(HttpHandler handler) {
		return (request, response) -> {
			String path = request.getURI().getRawPath();
			String query = request.getURI().getRawQuery();
			int length = ((path != null) ? path.length() : 0) + ((query != null) ? query.length() + 1 : 0);
			if (length <= MAX_URI_LENGTH) {
				return handler.handle(request, response);
			}
			return Problems.answerEarly(request, response, HttpStatus.URI_TOO_LONG,
					Problems.json(HttpStatus.URI_TOO_LONG,
							"the path and query may be at most " + MAX_URI_LENGTH + " characters", "", Map.of()));
		};
	}

	@Override
	public int getOrder() {
		// inside the request deadline, before every other decoration
		return Ordered.HIGHEST_PRECEDENCE + 1;
	}

}
