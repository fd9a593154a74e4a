import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A live drop over HTTP: a fixed number of concurrent buyers (closed loop) post orders for
 * one hot line-up item, each with a new phone number and idempotency key, for a while.
 * Prints the accepted and refused rates, refusals by code and latency percentiles of each.
 *
 * Run with a JDK only: java bench/LiveDropBench.java --base URL --session ID --sku CODE
 * [--concurrency 256] [--seconds 20] [--warmup 5] [--label text]
 */
public class LiveDropBench {

	private static final Pattern CODE = Pattern.compile("\"code\":\"([A-Z_]+)\"");

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new TreeMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		}
		String base = options.getOrDefault("base", "http://127.0.0.1:8080");
		String session = options.get("session");
		String sku = options.get("sku");
		int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "256"));
		int seconds = Integer.parseInt(options.getOrDefault("seconds", "20"));
		int warmup = Integer.parseInt(options.getOrDefault("warmup", "5"));
		String label = options.getOrDefault("label", "live drop");
		long phoneBase = Long.parseLong(options.getOrDefault("phone-base", "13000000000"));

		HttpClient client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		AtomicLong sequence = new AtomicLong();
		Recorder warm = new Recorder();
		Recorder measured = new Recorder();
		long start = System.nanoTime();
		long measureFrom = start + Duration.ofSeconds(warmup).toNanos();
		long end = measureFrom + Duration.ofSeconds(seconds).toNanos();

		List<CompletableFuture<Void>> buyers = new ArrayList<>();
		for (int i = 0; i < concurrency; i++) {
			buyers.add(buyer(client, base, session, sku, phoneBase, sequence, warm, measured, measureFrom, end));
		}
		CompletableFuture.allOf(buyers.toArray(CompletableFuture[]::new)).join();

		measured.print(label, seconds, concurrency);
	}

	private static CompletableFuture<Void> buyer(HttpClient client, String base, String session, String sku,
			long phoneBase, AtomicLong sequence, Recorder warm, Recorder measured, long measureFrom, long end) {
		if (System.nanoTime() >= end) {
			return CompletableFuture.completedFuture(null);
		}
		long n = sequence.incrementAndGet();
		String phone = String.valueOf(phoneBase + (n % 900_000_000L));
		String body = "{\"sessionId\":\"" + session + "\",\"buyer\":{\"name\":\"bench " + n + "\",\"phone\":\"" + phone
				+ "\",\"address\":\"Litang\"},\"lines\":[{\"sku\":\"" + sku + "\",\"quantity\":1}]}";
		HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/storefront/orders"))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", "bench-" + System.nanoTime() + "-" + n)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		long sent = System.nanoTime();
		return client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
			.handle((response, error) -> {
				long now = System.nanoTime();
				Recorder recorder = (sent >= measureFrom && now <= end) ? measured : warm;
				String outcome;
				if (error != null) {
					outcome = "ERROR " + error.getClass().getSimpleName();
				}
				else if (response.statusCode() == 201) {
					outcome = "ACCEPTED";
				}
				else {
					Matcher code = CODE.matcher(response.body());
					outcome = response.statusCode() + " " + (code.find() ? code.group(1) : "");
				}
				recorder.record(outcome, now - sent);
				return null;
			})
			.thenCompose((ignored) -> buyer(client, base, session, sku, phoneBase, sequence, warm, measured,
					measureFrom, end));
	}

	static final class Recorder {

		private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();

		private final List<Long> accepted = java.util.Collections.synchronizedList(new ArrayList<>());

		private final List<Long> refused = java.util.Collections.synchronizedList(new ArrayList<>());

		void record(String outcome, long nanos) {
			this.outcomes.computeIfAbsent(outcome, (k) -> new LongAdder()).increment();
			(outcome.equals("ACCEPTED") ? this.accepted : this.refused).add(nanos);
		}

		void print(String label, int seconds, int concurrency) {
			System.out.printf("== %s: %d concurrent buyers, %d s measured%n", label, concurrency, seconds);
			long total = this.outcomes.values().stream().mapToLong(LongAdder::sum).sum();
			System.out.printf("requests            %10d  (%.0f/s)%n", total, total / (double) seconds);
			System.out.printf("accepted orders/s   %10.0f%n", this.accepted.size() / (double) seconds);
			System.out.printf("refused/s           %10.0f%n", this.refused.size() / (double) seconds);
			new TreeMap<>(this.outcomes).forEach((outcome, count) -> System.out.printf("  %-28s %10d%n", outcome,
					count.sum()));
			percentiles("accepted latency ms", this.accepted);
			percentiles("refused latency ms ", this.refused);
		}

		private static void percentiles(String name, List<Long> nanos) {
			if (nanos.isEmpty()) {
				System.out.printf("%s  (none)%n", name);
				return;
			}
			long[] sorted;
			synchronized (nanos) {
				sorted = nanos.stream().mapToLong(Long::longValue).toArray();
			}
			Arrays.sort(sorted);
			System.out.printf("%s  p50 %7.2f  p95 %7.2f  p99 %7.2f  max %7.2f%n", name, at(sorted, 0.50),
					at(sorted, 0.95), at(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
		}

		private static double at(long[] sorted, double quantile) {
			int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
			return sorted[Math.max(0, index)] / 1e6;
		}

	}

}
