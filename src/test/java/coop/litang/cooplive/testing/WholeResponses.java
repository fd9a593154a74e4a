package coop.litang.cooplive.testing;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.WebTestClientBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Makes the tests' {@code WebTestClient} read every response body whole as it arrives (a
 * stream of server-sent events excepted), whether or not the test looks at it: a test
 * that checks only a status would otherwise leave the client's Netty buffers unreleased,
 * and the leak detection (which must find the service's own leaks) would report them; and
 * after about fifteen such answers a connection is never given back to the client's pool,
 * so once every connection of the pool is held the next request is never sent
 * ({@code UnreadResponsesTests}). Its connections come from
 * {@link TestClientConnections}, which fails a request that cannot get one within 10 s
 * and can say who holds them.
 */
@TestConfiguration(proxyBeanMethods = false)
public class WholeResponses {

	@Bean
	WebTestClientBuilderCustomizer wholeResponses() {
		return (builder) -> builder.clientConnector(TestClientConnections.connector()).filter(FILTER);
	}

	private static final ExchangeFilterFunction FILTER = (request, next) -> next.exchange(request)
		.flatMap(WholeResponses::whole);

	/** A client of a server at the address that reads its answers whole, as above. */
	public static WebTestClient bindToServer(String baseUrl) {
		return bindToServer(baseUrl, TestClientConnections.connector());
	}

	/** The same through the connector given, such as one of a pool of its own. */
	public static WebTestClient bindToServer(String baseUrl, ClientHttpConnector connector) {
		return WebTestClient.bindToServer(connector).baseUrl(baseUrl).filter(FILTER).build();
	}

	private static Mono<ClientResponse> whole(ClientResponse response) {
		boolean stream = response.headers()
			.contentType()
			.map(MediaType.TEXT_EVENT_STREAM::isCompatibleWith)
			.orElse(false);
		if (stream) {
			return Mono.just(response);
		}
		return DataBufferUtils.join(response.body(BodyExtractors.toDataBuffers())).map((buffer) -> {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			DataBufferUtils.release(buffer);
			return bytes;
		})
			.defaultIfEmpty(new byte[0])
			.map((bytes) -> response.mutate()
				.body((bytes.length == 0) ? Flux.empty()
						: Flux.defer(() -> Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(bytes))))
				.build());
	}

}
