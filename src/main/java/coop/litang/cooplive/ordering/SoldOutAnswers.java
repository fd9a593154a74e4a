package coop.litang.cooplive.ordering;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;

import coop.litang.cooplive.buyers.BuyerTokens;
import coop.litang.cooplive.livestream.LivestreamManagement;
import coop.litang.cooplive.livestream.QuotaExceeded;
import coop.litang.cooplive.shared.Idempotency;
import coop.litang.cooplive.shared.PhoneNumber;
import coop.litang.cooplive.shared.Problems;
import coop.litang.cooplive.shared.RequestIds;
import coop.litang.cooplive.shared.StorefrontFastPath;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers the buyers who arrive after a live item sold out before the web framework sees
 * their request: once this instance has seen an item's quota run short, an order for it
 * (one line, a live session, a valid body, key and phone, within the buyer's limit, with
 * a buyer token for the phone where the item sells to verified buyers) is looked up in
 * the Redis gate without taking or marking anything, and when the quota left is short and
 * PostgreSQL says no order holds its key, it is refused with the same
 * {@code 409 QUOTA_EXCEEDED} problem, headers and metrics the controller would give.
 * Everything else, and everything this cannot decide, goes on to the controller with its
 * body intact, which decides as always. In a drop most requests are such refusals: here
 * they cost a fraction of a full pass through filters, handler mapping, argument
 * resolution and the HTTP observation.
 */
@Component
class SoldOutAnswers implements HttpHandlerDecoratorFactory, Ordered {

	static final String PATH = StorefrontFastPath.PREFIX + "orders";

	// a one-item order is a few hundred bytes; larger bodies go the usual way
	private static final int MAX_BODY = 8 * 1024;

	private static final byte[] NO_BODY = new byte[0];

	private final LivestreamManagement livestream;

	private final JsonMapper json;

	private final OrderMetrics metrics;

	private final UsedKeys usedKeys;

	private final BuyerTokens buyerTokens;

	// the controller's requests are timed by the HTTP observation; these by hand, under
	// the same name and tags, so request rates and error ratios stay whole
	private final Timer requests;

	private final LongAdder answered = new LongAdder();

	// the problem's JSON by its detail, which names the SKU: the same for every refusal
	private final Map<String, byte[]> bodies = new ConcurrentHashMap<>();

	SoldOutAnswers(LivestreamManagement livestream, JsonMapper json, OrderMetrics metrics, UsedKeys usedKeys,
			BuyerTokens buyerTokens, MeterRegistry meters) {
		this.buyerTokens = buyerTokens;
		this.livestream = livestream;
		this.json = json;
		this.metrics = metrics;
		this.usedKeys = usedKeys;
		this.requests = Timer.builder("http.server.requests")
			.tag("error", "none")
			.tag("exception", "none")
			.tag("method", "POST")
			.tag("outcome", "CLIENT_ERROR")
			.tag("status", "409")
			.tag("uri", PATH)
			.register(meters);
	}

	@Override
	public HttpHandler apply(HttpHandler next) {
		return (request, response) -> (this.livestream.mightRefuseSoldOut() && candidate(request))
				? answer(request, response, next) : next.handle(request, response);
	}

	@Override
	public int getOrder() {
		// inside the request deadline, which is the outermost decorator
		return 0;
	}

	/** How many orders were refused here, since start. */
	long answered() {
		return this.answered.sum();
	}

	// only a plain POST of a small JSON body to the exact path; anything unusual goes the
	// usual way, which answers it as it should
	private static boolean candidate(ServerHttpRequest request) {
		if (request.getMethod() != HttpMethod.POST || !PATH.equals(request.getPath().value())) {
			return false;
		}
		HttpHeaders headers = request.getHeaders();
		long length = headers.getContentLength();
		if (length <= 0 || length > MAX_BODY) {
			return false;
		}
		try {
			MediaType type = headers.getContentType();
			if (type == null || !MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type)
					|| (type.getCharset() != null && !"UTF-8".equalsIgnoreCase(type.getCharset().name()))) {
				return false;
			}
			List<String> accept = headers.get(HttpHeaders.ACCEPT);
			return accept == null || MediaType.parseMediaTypes(accept)
				.stream()
				.anyMatch((acceptable) -> acceptable.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private Mono<Void> answer(ServerHttpRequest request, ServerHttpResponse response, HttpHandler next) {
		long started = System.nanoTime();
		Executor loop = eventLoop(request);
		return DataBufferUtils.join(request.getBody(), MAX_BODY)
			.map(SoldOutAnswers::bytes)
			.defaultIfEmpty(NO_BODY)
			.flatMap((body) -> refusal(request, body, loop).map(Optional::of)
				.defaultIfEmpty(Optional.empty())
				.flatMap((refusal) -> refusal.isPresent() ? refuse(request, response, refusal.get(), started)
						: next.handle(replaying(request, body), response)));
	}

	private static byte[] bytes(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	// the refusal the controller would answer, when it is QUOTA_EXCEEDED and Redis alone
	// can tell; empty otherwise
	// the event loop serving the request, where its answer is best written; null when
	// the server is not Reactor Netty
	private static Executor eventLoop(ServerHttpRequest request) {
		try {
			Object exchange = ServerHttpRequestDecorator.getNativeRequest(request);
			return (exchange instanceof Connection connection) ? connection.channel().eventLoop() : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private Mono<QuotaExceeded> refusal(ServerHttpRequest request, byte[] body, Executor loop) {
		String key;
		PlaceOrder order;
		PhoneNumber phone;
		try {
			key = Idempotency.requireKey(request.getHeaders().getFirst("Idempotency-Key"), "order attempt");
			order = read(this.json, body);
			if (order == null || order.sessionId() == null || order.lines() == null || order.lines().size() != 1
					|| (order.paymentMethod() != null && order.paymentMethod().offline()) || !plainlyValid(order)) {
				return Mono.empty();
			}
			phone = PhoneNumber.parse(order.buyer().phone());
		}
		catch (RuntimeException ex) {
			return Mono.empty();
		}
		OrderLineRequest line = order.lines().get(0);
		String sku = line.sku().strip();
		// an item for verified buyers is refused here only to a buyer whose token names
		// the order's phone (an HMAC: cheap); anyone else is told why by the controller
		boolean verified = this.buyerTokens.verifiedPhone(request.getHeaders().getFirst(BuyerTokens.HEADER))
			.filter(phone::equals)
			.isPresent();
		// a missing mark in Redis does not prove the key unused: PostgreSQL is asked, and
		// when it cannot answer the controller's path decides
		return this.livestream.soldOutRefusal(order.sessionId(), sku, line.quantity(), verified, key,
				() -> this.usedKeys.used(sku, key, loop).map((used) -> !used));
	}

	/**
	 * The order in a body, read strictly with the mapper's parser: only what the
	 * controller's reading would turn into the same {@link PlaceOrder} (strings as
	 * strings, whole numbers as numbers, a canonical UUID, no payment method but
	 * {@code CARD}, no repeated property, nothing after the object); {@code null} for
	 * anything else, which the controller then reads. Binding the record through the
	 * mapper cost more than the rest of reading a refusal.
	 */
	static PlaceOrder read(JsonMapper json, byte[] body) {
		try (JsonParser parser = json.createParser(body)) {
			PlaceOrder order = (parser.nextToken() == JsonToken.START_OBJECT) ? order(parser) : null;
			return (order != null && parser.nextToken() == null) ? order : null;
		}
		catch (JacksonException | IllegalArgumentException ex) {
			return null;
		}
	}

	// each reader below starts on its value's first token and answers null when the value
	// is not one it reads

	// what an order's properties said so far
	private static final class Parts {

		UUID sessionId;

		Buyer buyer;

		List<OrderLineRequest> lines;

		PaymentMethod method;

		String note;

	}

	private static PlaceOrder order(JsonParser parser) {
		Parts order = new Parts();
		boolean read = properties(parser, (name, value) -> switch (name) {
			case "sessionId" -> value == JsonToken.VALUE_NULL || (order.sessionId = uuid(parser, value)) != null;
			case "buyer" -> value == JsonToken.VALUE_NULL || (order.buyer = buyer(parser, value)) != null;
			case "lines" -> value == JsonToken.VALUE_NULL || (order.lines = lines(parser, value)) != null;
			case "paymentMethod" -> value == JsonToken.VALUE_NULL
					|| (order.method = ("CARD".equals(text(parser, value)) ? PaymentMethod.CARD : null)) != null;
			case "paymentNote" -> value == JsonToken.VALUE_NULL || (order.note = text(parser, value)) != null;
			default -> skip(parser);
		});
		return read ? new PlaceOrder(order.sessionId, order.buyer, order.lines, order.method, order.note) : null;
	}

	private static final List<String> BUYER_FIELDS = List.of("name", "phone", "address");

	private static Buyer buyer(JsonParser parser, JsonToken start) {
		String[] fields = new String[3];
		boolean read = start == JsonToken.START_OBJECT && properties(parser, (name, value) -> {
			int index = BUYER_FIELDS.indexOf(name);
			if (index < 0) {
				return skip(parser);
			}
			return value == JsonToken.VALUE_NULL || (fields[index] = text(parser, value)) != null;
		});
		return read ? new Buyer(fields[0], fields[1], fields[2]) : null;
	}

	private static List<OrderLineRequest> lines(JsonParser parser, JsonToken start) {
		if (start != JsonToken.START_ARRAY) {
			return null;
		}
		List<OrderLineRequest> lines = new ArrayList<>(2);
		JsonToken token;
		while ((token = parser.nextToken()) == JsonToken.START_OBJECT) {
			OrderLineRequest line = line(parser);
			if (line == null) {
				return null;
			}
			lines.add(line);
		}
		return (token == JsonToken.END_ARRAY) ? lines : null;
	}

	private static OrderLineRequest line(JsonParser parser) {
		String[] sku = { null };
		Long[] quantity = { null };
		boolean read = properties(parser, (name, value) -> switch (name) {
			case "sku" -> value == JsonToken.VALUE_NULL || (sku[0] = text(parser, value)) != null;
			case "quantity" -> value == JsonToken.VALUE_NULL
					|| (value == JsonToken.VALUE_NUMBER_INT && (quantity[0] = parser.getLongValue()) != null);
			default -> skip(parser);
		});
		return read ? new OrderLineRequest(sku[0], quantity[0]) : null;
	}

	// reads one property's value, starting on its first token; false when it cannot
	private interface Property {

		boolean read(String name, JsonToken value);

	}

	// an object's properties, each named once, up to the object's end
	private static boolean properties(JsonParser parser, Property property) {
		Set<String> seen = new HashSet<>(8);
		JsonToken token;
		while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			if (!property.read(name, parser.nextToken()) || !seen.add(name)) {
				return false;
			}
		}
		return token == JsonToken.END_OBJECT;
	}

	// a property nobody reads: passed over, as the controller's reading ignores it
	private static boolean skip(JsonParser parser) {
		parser.skipChildren();
		return true;
	}

	private static String text(JsonParser parser, JsonToken value) {
		return (value == JsonToken.VALUE_STRING) ? parser.getString() : null;
	}

	// only the canonical form, which every reader of UUIDs turns into the same one
	private static UUID uuid(JsonParser parser, JsonToken value) {
		String text = text(parser, value);
		if (text == null || text.length() != 36) {
			return null;
		}
		UUID uuid = UUID.fromString(text);
		return uuid.toString().equalsIgnoreCase(text) ? uuid : null;
	}

	/**
	 * The constraints on {@link PlaceOrder}, {@link Buyer} and {@link OrderLineRequest},
	 * checked by hand: bean validation was the largest single cost of an early refusal. A
	 * property test holds them to the annotations; an order failing here goes on to the
	 * controller, which names the field.
	 */
	static boolean plainlyValid(PlaceOrder order) {
		Buyer buyer = order.buyer();
		if (buyer == null || !text(buyer.name(), 100) || !text(buyer.phone(), 30) || !text(buyer.address(), 500)
				|| (order.paymentNote() != null && order.paymentNote().length() > 200)) {
			return false;
		}
		List<OrderLineRequest> lines = order.lines();
		if (lines == null || lines.isEmpty() || lines.size() > 20) {
			return false;
		}
		for (OrderLineRequest line : lines) {
			if (line == null || !text(line.sku(), Integer.MAX_VALUE) || line.quantity() == null || line.quantity() <= 0
					|| line.quantity() > 10_000) {
				return false;
			}
		}
		return true;
	}

	// @NotBlank and @Size(max)
	private static boolean text(String value, int max) {
		return value != null && !value.isBlank() && value.length() <= max;
	}

	private Mono<Void> refuse(ServerHttpRequest request, ServerHttpResponse response, QuotaExceeded refusal,
			long started) {
		RequestIds.answer(request, response);
		byte[] body = this.bodies.computeIfAbsent(refusal.getMessage(), (detail) -> Problems.json(refusal, PATH));
		response.setStatusCode(HttpStatus.CONFLICT);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		response.getHeaders().setContentLength(body.length);
		Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
		this.metrics.placed(OrderChannel.SESSION, "quota_exceeded", elapsed);
		this.requests.record(elapsed);
		this.answered.increment();
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
	}

	// the request as it came, its body read again from what was read here
	private static ServerHttpRequest replaying(ServerHttpRequest request, byte[] body) {
		return new ServerHttpRequestDecorator(request) {

			@Override
			public Flux<DataBuffer> getBody() {
				return Flux.defer(() -> Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(body)));
			}

		};
	}

}
