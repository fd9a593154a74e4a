package coop.litang.cooplive.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on the loopback interface between the service and a server, for fault tests
 * (what Toxiproxy does, in a page): it forwards bytes both ways until told to
 * {@link #cut()} every open connection, to {@link #refuse(boolean) refuse} new ones (they
 * are accepted and closed at once, as a server that is restarting does), or to
 * {@link #stall(boolean) stall} (bytes are held, connections stay open, as on a network
 * that drops packets). The servers behind it, shared with other tests, are never touched.
 */
public final class TcpProxy implements AutoCloseable {

	private final String targetHost;

	private final int targetPort;

	private final ServerSocket listener;

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean refusing = new AtomicBoolean();

	private final AtomicBoolean stalled = new AtomicBoolean();

	private final AtomicBoolean closed = new AtomicBoolean();

	private final AtomicLong accepted = new AtomicLong();

	public TcpProxy(String targetHost, int targetPort) {
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		try {
			this.listener = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot listen on the loopback interface", ex);
		}
		Thread acceptor = new Thread(this::accept, "tcp-proxy-" + port());
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/** The port to connect to instead of the server's. */
	public int port() {
		return this.listener.getLocalPort();
	}

	/** Connections accepted so far. */
	public long accepted() {
		return this.accepted.get();
	}

	/**
	 * Closes every open connection at once, both sides (a server killed or restarted).
	 */
	public void cut() {
		for (Socket socket : this.open) {
			closeQuietly(socket);
		}
		this.open.clear();
	}

	/** While true, new connections are closed as soon as they are accepted. */
	public void refuse(boolean refuse) {
		this.refusing.set(refuse);
	}

	/** While true, no byte is passed on either way; connections stay open. */
	public void stall(boolean stall) {
		this.stalled.set(stall);
	}

	private void accept() {
		while (!this.closed.get()) {
			Socket client;
			try {
				client = this.listener.accept();
			}
			catch (IOException ex) {
				return;
			}
			this.accepted.incrementAndGet();
			if (this.refusing.get()) {
				closeQuietly(client);
				continue;
			}
			Socket server = new Socket();
			try {
				server.connect(new InetSocketAddress(this.targetHost, this.targetPort), 2000);
				client.setTcpNoDelay(true);
				server.setTcpNoDelay(true);
			}
			catch (IOException ex) {
				closeQuietly(client);
				closeQuietly(server);
				continue;
			}
			this.open.add(client);
			this.open.add(server);
			pump(client, server);
			pump(server, client);
		}
	}

	private void pump(Socket from, Socket to) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16 * 1024];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					while (this.stalled.get() && !from.isClosed()) {
						Thread.sleep(20);
					}
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException | InterruptedException ex) {
				// the connection was cut or closed: close the other side too
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
				this.open.remove(from);
				this.open.remove(to);
			}
		}, "tcp-proxy-pump");
		thread.setDaemon(true);
		thread.start();
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.setSoLinger(true, 0);
		}
		catch (SocketException ex) {
			// already closed
		}
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

	@Override
	public void close() {
		this.closed.set(true);
		try {
			this.listener.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
		cut();
	}

}
