package coop.litang.cooplive.shared;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import coop.litang.cooplive.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A keep-alive connection keeps being read whatever the order in which its requests'
 * answers complete. A request that arrives while the previous one is still finishing (its
 * answer sent, its exchange not yet ended: what a client sends at once after reading an
 * answer) is held by the web server and taken when the previous one ends; when that held
 * request was then answered at once, the server stopped reading the connection, and the
 * next request on it was never read: not answered, not logged, not timed out (the
 * one-time 30 s silences of issue 11). Requests pipelined on one connection make the
 * order certain.
 */
@IntegrationTest
class KeepAliveIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void aConnectionIsStillReadAfterAHeldRequestWasAnsweredAtOnce() throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			InputStream in = socket.getInputStream();
			// one answered after PostgreSQL replies, then one answered at once (an
			// order's token is checked without any IO), in one write
			out.write((get("/api/v1/storefront/products?size=1") + get(forgedOrder()))
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			assertThat(readAnswer(in)).startsWith("HTTP/1.1 200");
			assertThat(readAnswer(in)).startsWith("HTTP/1.1 404");

			// the next request on the connection is read and answered
			out.write(get(forgedOrder()).getBytes(StandardCharsets.US_ASCII));
			out.flush();
			String third;
			try {
				third = readAnswer(in);
			}
			catch (SocketTimeoutException ex) {
				third = "no answer within 10 s";
			}
			assertThat(third).as("the answer to the next request on the connection").startsWith("HTTP/1.1 404");
		}
	}

	private static String forgedOrder() {
		return "/api/v1/storefront/orders/" + UUID.randomUUID();
	}

	private static String get(String path) {
		return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n"
				+ "X-Order-Token: forged\r\n\r\n";
	}

	// one answer with a Content-Length body: its head and body
	private static String readAnswer(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
		while (matched < end.length) {
			int b = in.read();
			if (b < 0) {
				throw new IOException("the connection closed within an answer's head: " + head);
			}
			head.write(b);
			matched = (b == end[matched]) ? matched + 1 : ((b == end[0]) ? 1 : 0);
		}
		String text = head.toString(StandardCharsets.US_ASCII);
		List<String> lines = new ArrayList<>(List.of(text.split("\r\n")));
		int length = lines.stream()
			.filter((line) -> line.toLowerCase(Locale.ROOT).startsWith("content-length:"))
			.map((line) -> Integer.parseInt(line.substring(line.indexOf(':') + 1).strip()))
			.findFirst()
			.orElseThrow(() -> new IOException("an answer without Content-Length: " + text));
		byte[] body = in.readNBytes(length);
		return text + new String(body, StandardCharsets.UTF_8);
	}

}
