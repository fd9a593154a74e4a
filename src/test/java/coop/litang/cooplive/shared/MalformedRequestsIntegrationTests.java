package coop.litang.cooplive.shared;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeMap;

import coop.litang.cooplive.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A few thousand malformed requests, sent as raw bytes: encoded slashes and backslashes,
 * NUL bytes, dot segments, broken percent-encodings, over-long paths, bad bodies and
 * media types, odd methods. None gets a 5xx, and every 4xx is problem details.
 */
@IntegrationTest
class MalformedRequestsIntegrationTests {

	private static final List<String> PATHS = List.of("/api/v1/storefront/orders", "/api/v1/storefront/products",
			"/api/v1/storefront/sessions", "/api/v1/auth/token", "/api/v1/admin/products", "/api/v1/host/sessions",
			"/api/v1/accounting/periods", "/actuator/health", "/actuator/prometheus", "/", "/v3/api-docs");

	private static final List<String> MUTATIONS = List.of("", "/%2F", "/%2f..%2f", "/%00", "%00", "/%5C", "/..",
			"/../..", "/./", "//", ";jsessionid=1", "/%25", "/%", "/%zz", "/%E4%BD", "/%E4%BD%93", "?a=%00", "?q=%zz",
			"/" + "a".repeat(9000), "?" + "b=1&".repeat(2500), "/%C0%AE%C0%AE", "/%252F", "/\u00e9");

	private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD");

	private static final List<String> BODIES = List.of("", "{", "[]", "null", "{\"lines\":\"x\"}",
			"{\"sessionId\":\"not-a-uuid\",\"buyer\":{},\"lines\":[{\"sku\":\"X\",\"quantity\":1e400}]}",
			"{\"username\":" + "1".repeat(500) + "}", "\u0000\u0001\u0002", "<xml/>");

	private static final List<String> TYPES = List.of("application/json", "text/plain", "application/xml",
			"application/json; charset=latin-7", "multipart/form-data; boundary=x");

	@LocalServerPort
	int port;

	@Test
	void everyRefusalOfAMalformedRequestIsProblemDetailsAndNoneIsAServerError() throws IOException {
		Random random = new Random(20261201);
		List<String> wrong = new ArrayList<>();
		TreeMap<Integer, Integer> statuses = new TreeMap<>();
		for (int i = 0; i < 2500; i++) {
			String method = METHODS.get(random.nextInt(METHODS.size()));
			String path = PATHS.get(random.nextInt(PATHS.size())) + MUTATIONS.get(random.nextInt(MUTATIONS.size()));
			boolean withBody = !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS");
			String body = withBody ? BODIES.get(random.nextInt(BODIES.size())) : "";
			String type = TYPES.get(random.nextInt(TYPES.size()));
			String bearer = (random.nextInt(4) == 0) ? "Authorization: Bearer not.a.token\r\n" : "";
			Answer answer = send(method, path, type, bearer, body);
			statuses.merge(answer.status(), 1, Integer::sum);
			String request = method + " " + abbreviate(path) + " (" + type + ", " + abbreviate(body) + ")";
			if (answer.status() >= 500) {
				wrong.add(request + " -> " + answer.status());
			}
			else if (answer.status() >= 400 && !method.equals("HEAD")
					&& !answer.contentType().startsWith("application/problem+json")) {
				wrong.add(request + " -> " + answer.status() + " " + answer.contentType());
			}
		}
		System.out.println("malformed requests by status: " + statuses);
		assertThat(wrong).as("answers that are a server error or not problem details").isEmpty();
		assertThat(statuses.keySet()).contains(400, 401, 414);
	}

	private record Answer(int status, String contentType) {
	}

	private Answer send(String method, String path, String type, String extraHeaders, String body) throws IOException {
		byte[] content = body.getBytes(StandardCharsets.UTF_8);
		String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + this.port + "\r\n" + extraHeaders
				+ ((content.length > 0) ? "Content-Type: " + type + "\r\nContent-Length: " + content.length + "\r\n"
						: "")
				+ "Connection: close\r\n\r\n";
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 5_000);
			socket.setSoTimeout(15_000);
			OutputStream out = socket.getOutputStream();
			// non-ASCII path characters go as their UTF-8 bytes, as a careless client
			// sends
			out.write(head.getBytes(StandardCharsets.UTF_8));
			out.write(content);
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream answer = new ByteArrayOutputStream();
			byte[] chunk = new byte[8192];
			int read;
			while ((read = in.read(chunk)) != -1) {
				answer.write(chunk, 0, read);
				if (headerEnd(answer.toByteArray()) > 0) {
					break;
				}
			}
			String text = answer.toString(StandardCharsets.ISO_8859_1);
			if (text.isEmpty()) {
				return new Answer(-1, "");
			}
			int status = Integer.parseInt(text.substring(9, 12));
			String contentType = "";
			for (String line : text.substring(0, Math.max(0, headerEnd(answer.toByteArray()))).split("\r\n")) {
				if (line.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
					contentType = line.substring(13).strip();
				}
			}
			return new Answer(status, contentType);
		}
	}

	private static int headerEnd(byte[] bytes) {
		for (int i = 3; i < bytes.length; i++) {
			if (bytes[i - 3] == '\r' && bytes[i - 2] == '\n' && bytes[i - 1] == '\r' && bytes[i] == '\n') {
				return i + 1;
			}
		}
		return -1;
	}

	private static String abbreviate(String text) {
		return (text.length() > 60) ? text.substring(0, 60) + "…(" + text.length() + ")" : text;
	}

}
