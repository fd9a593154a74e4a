package coop.litang.cooplive.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * A Redis server of a test's own, on a free loopback port, that the test may kill with
 * SIGKILL and start again empty, as a crashed and restarted Redis is. The shared Redis of
 * the machine is never touched. Needs {@code redis-server} on the PATH (CI installs it).
 */
public final class RedisServer implements AutoCloseable {

	private final int port;

	private Process process;

	public RedisServer() {
		this.port = freePort();
		start();
	}

	public String address() {
		return "redis://127.0.0.1:" + this.port;
	}

	/** Starts the server (empty: nothing is saved) and waits until it answers. */
	public synchronized void start() {
		if (this.process != null && this.process.isAlive()) {
			return;
		}
		try {
			this.process = new ProcessBuilder("redis-server", "--port", String.valueOf(this.port), "--bind",
					"127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no")
				.redirectErrorStream(true)
				.redirectOutput(new File("target/redis-" + this.port + ".log"))
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot start redis-server (is it installed?)", ex);
		}
		Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
		while (!answers()) {
			if (Instant.now().isAfter(deadline) || !this.process.isAlive()) {
				throw new IllegalStateException("redis-server on port " + this.port + " did not start");
			}
			sleep(50);
		}
	}

	/** Kills the server with SIGKILL: everything it held is gone. */
	public synchronized void kill() {
		if (this.process != null) {
			kill(this.process);
		}
	}

	/** Kills a process with SIGKILL and waits until it is gone. */
	static void kill(Process process) {
		process.destroyForcibly();
		try {
			process.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private boolean answers() {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(1000);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] answer = new byte[7];
			int read = in.read(answer);
			return read > 0 && new String(answer, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
		}
		catch (IOException ex) {
			return false;
		}
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		kill();
	}

}
