package coop.litang.cooplive.testing;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import coop.litang.cooplive.buyers.BuyerTokens;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Fires order requests at one or more running instances all at once, over real HTTP
 * connections, and collects what each got back.
 */
public final class Race {

	private Race() {
	}

	/** One order attempt: which instance, which idempotency key, which body. */
	/**
	 * One order request.
	 *
	 * @param verified whether it comes with a buyer token for the body's phone, as from a
	 * buyer who verified it by SMS code
	 */
	public record Attempt(int port, String key, Map<String, Object> body, boolean verified) {

		/** From a verified buyer. */
		public Attempt(int port, String key, Map<String, Object> body) {
			this(port, key, body, true);
		}

	}

	/**
	 * What an attempt got: the status and the problem code or order id of its last
	 * answer.
	 *
	 * @param retries how often it was sent again, with its key, after a
	 * {@code 503 REQUEST_TIMEOUT} (the service's answer when it could not answer in time:
	 * a buyer's app asks again, as the answer says)
	 */
	public record Outcome(int status, String body, int retries) {

		/** Whether the attempt has its order: placed, or found again by a retry. */
		public boolean accepted() {
			return this.status == 201 || (this.status == 200 && this.retries > 0);
		}

		public boolean refusedWith(String code) {
			return this.status == 409 && this.body.contains("\"code\":\"" + code + "\"");
		}

		boolean tooLate() {
			return this.status == 503 && this.body.contains("\"code\":\"REQUEST_TIMEOUT\"");
		}

	}

	// a request not answered in time is asked again this often at most
	private static final int RETRIES = 5;

	/** Sends every attempt concurrently and waits for all answers. */
	public static List<Outcome> run(List<Attempt> attempts) {
		ConnectionProvider connections = ConnectionProvider.builder("race")
			.maxConnections(attempts.size() + 10)
			.pendingAcquireMaxCount(-1)
			.build();
		try {
			WebClient client = WebClient.builder()
				.clientConnector(new org.springframework.http.client.reactive.ReactorClientHttpConnector(
						HttpClient.create(connections).responseTimeout(Duration.ofSeconds(60))))
				.build();
			return Flux.fromIterable(attempts)
				.flatMap((attempt) -> send(client, attempt, 0), attempts.size())
				.collectList()
				.block(Duration.ofMinutes(3));
		}
		finally {
			connections.dispose();
		}
	}

	// an attempt, and again after the Retry-After while it is answered that it could not
	// be answered in time
	private static Mono<Outcome> send(WebClient client, Attempt attempt, int retries) {
		return client.post()
			.uri("http://127.0.0.1:" + attempt.port() + "/api/v1/storefront/orders")
			.header("Idempotency-Key", attempt.key())
			.headers((headers) -> {
				String token = attempt.verified() ? Orders.buyerToken(attempt.body()) : null;
				if (token != null) {
					headers.set(BuyerTokens.HEADER, token);
				}
			})
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(attempt.body())
			.exchangeToMono((response) -> response.bodyToMono(String.class)
				.defaultIfEmpty("")
				.map((body) -> new Outcome(response.statusCode().value(), body, retries)))
			.flatMap((outcome) -> (outcome.tooLate() && retries < RETRIES)
					? send(client, attempt, retries + 1).delaySubscription(Duration.ofSeconds(1)) : Mono.just(outcome));
	}

}
