package coop.litang.cooplive.testing;

import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.channel.Channel;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import reactor.netty.ConnectionObserver;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionPoolMetrics;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * The connections of the tests' own HTTP clients, in one pool that can tell what it
 * holds: how many connections each server address has acquired, idle and waited for, and
 * which request each acquired connection last carried and since when. A request that
 * cannot get a connection fails after {@link #ACQUIRE_TIMEOUT} with the pool's own error,
 * well within a test client's 30 s, instead of waiting silently; {@link #describe()} then
 * says who holds the connections ({@link ThreadsOnTimeout} prints it).
 */
public final class TestClientConnections {

	/** How long a request waits for a connection of the pool before it fails. */
	public static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(10);

	private static final int MAX_PER_ADDRESS = 16;

	private record Held(String request, Instant since) {
	}

	private static final Map<String, ConnectionPoolMetrics> POOLS = new ConcurrentHashMap<>();

	// the acquired connections and the last request each carried
	private static final Map<Channel, Held> HELD = new ConcurrentHashMap<>();

	private static final ConnectionProvider CONNECTIONS = ConnectionProvider.builder("test-clients")
		.maxConnections(MAX_PER_ADDRESS)
		.pendingAcquireMaxCount(-1)
		.pendingAcquireTimeout(ACQUIRE_TIMEOUT)
		.metrics(true, () -> new ConnectionProvider.MeterRegistrar() {

			@Override
			public void registerMetrics(String poolName, String id, SocketAddress address,
					ConnectionPoolMetrics metrics) {
				POOLS.put(address + " (" + id + ")", metrics);
			}

			@Override
			public void deRegisterMetrics(String poolName, String id, SocketAddress address) {
				POOLS.remove(address + " (" + id + ")");
			}

		})
		.build();

	// event loops of its own: a closing test context disposes Reactor Netty's global
	// ones,
	// and a client kept across contexts would then never connect again
	private static final LoopResources LOOPS = LoopResources.create("test-clients", 2, true);

	private static final HttpClient CLIENT = HttpClient.create(CONNECTIONS)
		.runOn(LOOPS)
		.doOnRequest((request, connection) -> HELD.put(connection.channel(),
				new Held(request.method() + " " + request.resourceUrl(), Instant.now())))
		.observe((connection, state) -> {
			if (state == ConnectionObserver.State.ACQUIRED) {
				HELD.putIfAbsent(connection.channel(), new Held("(no request yet)", Instant.now()));
			}
			else if (state == ConnectionObserver.State.RELEASED || state == ConnectionObserver.State.DISCONNECTING) {
				HELD.remove(connection.channel());
			}
		});

	private TestClientConnections() {
	}

	/** A connector over the tracked pool. */
	public static ClientHttpConnector connector() {
		return new ReactorClientHttpConnector(CLIENT);
	}

	/** The pool's state and the connections held, oldest first, for a report. */
	public static String describe() {
		StringBuilder out = new StringBuilder("test client connections (at most " + MAX_PER_ADDRESS
				+ " per address, a request waits " + ACQUIRE_TIMEOUT.toSeconds() + " s for one):\n");
		POOLS.forEach((address, pool) -> out.append("  ")
			.append(address)
			.append(": acquired ")
			.append(pool.acquiredSize())
			.append(", idle ")
			.append(pool.idleSize())
			.append(", waiting for one ")
			.append(pool.pendingAcquireSize())
			.append('\n'));
		Instant now = Instant.now();
		HELD.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByValue((a, b) -> a.since().compareTo(b.since())))
			.forEach((held) -> out.append("  held ")
				.append(Duration.between(held.getValue().since(), now).toMillis())
				.append(" ms: ")
				.append(held.getValue().request())
				.append(" on ")
				.append(held.getKey())
				.append('\n'));
		return out.toString();
	}

}
