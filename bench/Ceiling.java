import java.nio.charset.StandardCharsets;

import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServer;

/**
 * The benchmark's anchor for HTTP: the Reactor Netty server cooplive runs on, with
 * nothing behind it, reading each order's body and answering a fixed 409 problem. What
 * it does on a machine is as fast as any refusal can be answered there. Run by
 * bench/run.sh with the service's own libraries on the class path.
 */
public class Ceiling {

	public static void main(String[] args) throws InterruptedException {
		int port = Integer.parseInt(args[0]);
		byte[] body = ("{\"type\":\"about:blank\",\"title\":\"Conflict\",\"status\":409,"
				+ "\"detail\":\"the session has not enough of BENCH-GONE left\","
				+ "\"instance\":\"/api/v1/storefront/orders\",\"code\":\"QUOTA_EXCEEDED\",\"field\":\"lines\"}")
			.getBytes(StandardCharsets.UTF_8);
		HttpServer.create()
			.port(port)
			.route((routes) -> routes.post("/api/v1/storefront/orders",
					(request, response) -> request.receive()
						.aggregate()
						.asByteArray()
						.flatMap((ignored) -> response.status(409)
							.header("Content-Type", "application/problem+json")
							.sendByteArray(Mono.just(body))
							.then())))
			.bindNow();
		System.out.println("listening on " + port);
		Thread.currentThread().join();
	}

}
