package coop.litang.cooplive.testing;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An instance of the service in a JVM of its own, started from the test's class path with
 * the given settings, so that a fault test can kill it with SIGKILL mid-drop, as the
 * kernel or an orchestrator does. Its log goes to {@code target/faults/NAME.log}.
 */
public final class ServiceProcess implements AutoCloseable {

	private final String name;

	private final int port;

	private final Path log;

	private final Process process;

	public ServiceProcess(String name, Map<String, String> settings) {
		this.name = name;
		this.port = RedisServer.freePort();
		this.log = Path.of("target", "faults", name + ".log");
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xms256m", "-Xmx512m",
						"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dio.netty.leakDetection.level=paranoid", "-cp",
						classPath(), "coop.litang.cooplive.CoopliveApplication", "--server.port=" + this.port,
						"--spring.profiles.active=dev"));
		// generous rate limits unless the test names its own
		Map<String, String> all = new LinkedHashMap<>(TestServices.GENEROUS_RATE_LIMITS);
		all.putAll(settings);
		all.forEach((key, value) -> command.add("--" + key + "=" + value));
		try {
			Files.createDirectories(this.log.getParent());
			this.process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(this.log.toFile())
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot start " + name, ex);
		}
	}

	/** Waits until the instance reports itself ready. */
	public ServiceProcess awaitReady(Duration within) {
		HttpClient client = HttpClient.newHttpClient();
		Instant deadline = Instant.now().plus(within);
		while (Instant.now().isBefore(deadline)) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.name + " exited at start-up; see " + this.log);
			}
			if (ready(client)) {
				return this;
			}
			RedisServer.sleep(200);
		}
		throw new IllegalStateException(this.name + " was not ready within " + within + "; see " + this.log);
	}

	/** Whether its readiness probe answers UP now. */
	public boolean ready(HttpClient client) {
		try {
			HttpResponse<String> answer = client
				.send(HttpRequest.newBuilder(URI.create(base() + "/actuator/health/readiness"))
					.timeout(Duration.ofSeconds(2))
					.build(), HttpResponse.BodyHandlers.ofString());
			return answer.statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	public String name() {
		return this.name;
	}

	public String base() {
		return "http://127.0.0.1:" + this.port;
	}

	public boolean alive() {
		return this.process.isAlive();
	}

	/** Kills it with SIGKILL: no shutdown hook, no graceful end of requests in flight. */
	public void kill() {
		RedisServer.kill(this.process);
	}

	/** Its log so far. */
	public String log() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			return "";
		}
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			this.process.destroy();
			try {
				if (!this.process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
					this.process.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.process.destroyForcibly();
			}
		}
	}

	// the test's class path without its own classes: the service as it ships, with the
	// libraries the build resolved
	private static String classPath() {
		String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		return Arrays.stream(path.split(File.pathSeparator))
			.filter((entry) -> !entry.endsWith("test-classes") && !entry.endsWith("test-classes/"))
			.collect(Collectors.joining(File.pathSeparator));
	}

}
