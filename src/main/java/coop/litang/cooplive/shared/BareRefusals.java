package coop.litang.cooplive.shared;

import java.util.Map;

import org.reactivestreams.Publisher;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A refusal (4xx) that some part of the stack answers without a body (an actuator
 * endpoint's 404, a framework's 405) gets problem details like every other: its status,
 * its reason and the request path.
 */
@Component
class BareRefusals implements HttpHandlerDecoratorFactory, Ordered {

	@Override
	public HttpHandler apply(HttpHandler handler) {
		return (request, response) -> (request.getMethod() == HttpMethod.HEAD) ? handler.handle(request, response)
				: handler.handle(request, new Dressed(response, request.getPath().value()));
	}

	@Override
	public int getOrder() {
		// inside the request deadline and the URI limit, outside everything else
		return Ordered.HIGHEST_PRECEDENCE + 2;
	}

	private static final class Dressed extends ServerHttpResponseDecorator {

		private final String path;

		Dressed(ServerHttpResponse response, String path) {
			super(response);
			this.path = path;
		}

		private boolean bare() {
			HttpStatusCode status = getStatusCode();
			return status != null && status.is4xxClientError() && getHeaders().getContentType() == null;
		}

		private Mono<Void> problem() {
			HttpStatus status = HttpStatus.resolve(getStatusCode().value());
			HttpStatus known = (status != null) ? status : HttpStatus.BAD_REQUEST;
			byte[] body = Problems.json(known, known.getReasonPhrase(), this.path, Map.of());
			getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
			getHeaders().setContentLength(body.length);
			return super.writeWith(Mono.just(bufferFactory().wrap(body)));
		}

		@Override
		public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
			if (!bare()) {
				return super.writeWith(body);
			}
			return Flux.from(body).doOnNext(DataBufferUtils::release).then(Mono.defer(this::problem));
		}

		@Override
		public Mono<Void> setComplete() {
			return bare() ? problem() : super.setComplete();
		}

	}

}
