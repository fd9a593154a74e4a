package coop.litang.cooplive.ordering;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

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
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.HashedWheelTimer;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.Timeout;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers the buyers who arrive after a live item sold out before the web server hands
 * their request to the web framework: once this instance has seen an item's quota run
 * short, an order for it (one line, a live session, a valid body, key and phone, within
 * the buyer's limit, with a buyer token for the phone where the item sells to verified
 * buyers) is looked up in the Redis gate without taking or marking anything, and when the
 * quota left is short and PostgreSQL says no order holds its key, it is refused with the
 * same {@code 409 QUOTA_EXCEEDED} problem, headers and metrics the controller would give.
 * Everything else, and everything this cannot decide, goes on to the framework as it
 * came, which decides as always. In a drop most requests are such refusals: here they
 * cost a fraction of a pass through Reactor Netty's request handling, Spring's request
 * adapter, filters, handler mapping, argument resolution and the HTTP observation.
 * <p>
 * A Netty handler on each HTTP/1.1 connection, between the codec and Reactor Netty's own
 * handler: a request it may answer is held while its body arrives and its answer is
 * looked up; what arrives behind it on the connection waits, so answers keep their order.
 * A request is taken only while the framework owes the connection no answer.
 */
@Component
class SoldOutAnswers implements NettyServerCustomizer, DisposableBean {

	static final String PATH = StorefrontFastPath.PREFIX + "orders";

	private static final String NAME = "cooplive.soldOutAnswers";

	// a one-item order is a few hundred bytes; larger bodies go the usual way
	private static final int MAX_BODY = 8 * 1024;

	// how long an answer may be looked up before the request goes the usual way, which
	// has its own deadline (PostgreSQL's lookup of the key has the same limit)
	private static final Duration DECISION_TIMEOUT = Duration.ofSeconds(3);

	private static final AsciiString IDEMPOTENCY_KEY = AsciiString.cached("Idempotency-Key");

	private static final AsciiString BUYER_TOKEN = AsciiString.cached(BuyerTokens.HEADER);

	private static final AsciiString REQUEST_ID = AsciiString.cached(RequestIds.HEADER);

	private static final AsciiString PROBLEM_JSON = AsciiString.cached(MediaType.APPLICATION_PROBLEM_JSON_VALUE);

	private final LivestreamManagement livestream;

	private final JsonMapper json;

	// the controller's count of these refusals, under the same tags
	private final OrderMetrics.Meters refused;

	private final UsedKeys usedKeys;

	private final BuyerTokens buyerTokens;

	// the storefront's security headers, as the usual path writes them
	private final List<Map.Entry<AsciiString, AsciiString>> securityHeaders = new ArrayList<>();

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
		this.refused = metrics.meters(OrderChannel.SESSION, "quota_exceeded");
		this.usedKeys = usedKeys;
		org.springframework.http.HttpHeaders security = new org.springframework.http.HttpHeaders();
		StorefrontFastPath.writeSecurityHeaders(security);
		security.forEach((name, values) -> values.forEach(
				(value) -> this.securityHeaders.add(Map.entry(AsciiString.cached(name), AsciiString.cached(value)))));
		this.requests = Timer.builder("http.server.requests")
			.tag("error", "none")
			.tag("exception", "none")
			.tag("method", "POST")
			.tag("outcome", "CLIENT_ERROR")
			.tag("status", "409")
			.tag("uri", PATH)
			.register(meters);
	}

	// one timer wheel for the decisions' time limits: adding and cancelling one is a
	// queue
	// operation, cheaper than a task on a scheduler for each request
	private final HashedWheelTimer wheel = new HashedWheelTimer((task) -> new Thread(task, "cooplive-sold-out-answers"),
			50, TimeUnit.MILLISECONDS, 256);

	@Override
	public void destroy() {
		this.wheel.stop();
	}

	@Override
	public HttpServer apply(HttpServer server) {
		return server.doOnChannelInit((observer, channel, address) -> {
			if (channel.pipeline().get(NettyPipeline.HttpCodec) != null && channel.pipeline().get(NAME) == null) {
				channel.pipeline().addAfter(NettyPipeline.HttpCodec, NAME, new Connection());
			}
		});
	}

	/** How many orders were refused here, since start. */
	long answered() {
		return this.answered.sum();
	}

	// only a plain HTTP/1.1 POST of a small JSON body of known length to the exact path;
	// anything unusual goes the usual way, which answers it as it should
	private static boolean candidate(HttpRequest request) {
		if (request.method() != HttpMethod.POST || !PATH.equals(request.uri())
				|| request.protocolVersion() != HttpVersion.HTTP_1_1 || !request.decoderResult().isSuccess()) {
			return false;
		}
		HttpHeaders headers = request.headers();
		long length = HttpUtil.getContentLength(request, -1L);
		if (length <= 0 || length > MAX_BODY || headers.contains(HttpHeaderNames.EXPECT)
				|| headers.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
			return false;
		}
		try {
			String contentType = headers.get(HttpHeaderNames.CONTENT_TYPE);
			if (contentType == null) {
				return false;
			}
			// the usual spelling needs no parse
			if (!MediaType.APPLICATION_JSON_VALUE.equalsIgnoreCase(contentType)) {
				MediaType type = MediaType.parseMediaType(contentType);
				if (!MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type)
						|| (type.getCharset() != null && !"UTF-8".equalsIgnoreCase(type.getCharset().name()))) {
					return false;
				}
			}
			List<String> accept = headers.getAll(HttpHeaderNames.ACCEPT);
			return accept.isEmpty() || MediaType.parseMediaTypes(accept)
				.stream()
				.anyMatch((acceptable) -> acceptable.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	// tells the refusal the controller would answer, when it is QUOTA_EXCEEDED and the
	// gate and PostgreSQL can tell; null otherwise
	private void refusal(HttpHeaders headers, byte[] body, Executor loop, Consumer<QuotaExceeded> answer) {
		String key;
		PlaceOrder order;
		PhoneNumber phone;
		try {
			key = Idempotency.requireKey(headers.get(IDEMPOTENCY_KEY), "order attempt");
			order = read(this.json, body);
			if (order == null || order.sessionId() == null || order.lines() == null || order.lines().size() != 1
					|| (order.paymentMethod() != null && order.paymentMethod().offline()) || !plainlyValid(order)) {
				answer.accept(null);
				return;
			}
			phone = PhoneNumber.parse(order.buyer().phone());
		}
		catch (RuntimeException ex) {
			answer.accept(null);
			return;
		}
		OrderLineRequest line = order.lines().get(0);
		String sku = line.sku().strip();
		// an item for verified buyers is refused here only to a buyer whose token names
		// the order's phone (an HMAC: cheap); anyone else is told why by the controller
		boolean verified = this.buyerTokens.verifiedPhone(headers.get(BUYER_TOKEN)).filter(phone::equals).isPresent();
		// a missing mark in Redis does not prove the key unused: PostgreSQL is asked, and
		// when it cannot answer the controller's path decides
		this.livestream.soldOutRefusal(order.sessionId(), sku, line.quantity(), verified, key, loop,
				(unused) -> this.usedKeys.ask(sku, key, loop, new UsedKeys.Answer() {

					@Override
					public void used(boolean used) {
						unused.accept(!used);
					}

					@Override
					public void failed(Throwable ex) {
						unused.accept(false);
					}

				}), answer);
	}

	// the controller's refusal, written by hand
	private void refuse(ChannelHandlerContext context, HttpRequest request, QuotaExceeded refusal, long started) {
		byte[] body = this.bodies.computeIfAbsent(refusal.getMessage(), (detail) -> Problems.json(refusal, PATH));
		HttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONFLICT,
				Unpooled.wrappedBuffer(body), false);
		HttpHeaders headers = response.headers();
		headers.set(REQUEST_ID, RequestIds.idFor(request.headers().get(REQUEST_ID)));
		for (Map.Entry<AsciiString, AsciiString> header : this.securityHeaders) {
			headers.set(header.getKey(), header.getValue());
		}
		headers.set(HttpHeaderNames.CONTENT_TYPE, PROBLEM_JSON);
		headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
		boolean keepAlive = HttpUtil.isKeepAlive(request);
		if (!keepAlive) {
			headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
		}
		Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
		this.refused.record(elapsed);
		this.requests.record(elapsed);
		this.answered.increment();
		if (keepAlive) {
			context.writeAndFlush(response, context.voidPromise());
		}
		else {
			context.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
		}
	}

	/**
	 * One connection's requests. Each message either goes on to Reactor Netty's handler
	 * at once or, while a request is held, waits behind it in arrival order.
	 */
	private final class Connection extends ChannelDuplexHandler {

		// requests handed on whose answer the framework has not finished writing
		private int owed;

		// the request being read or decided here, with its body so far
		private HttpRequest held;

		private byte[] body;

		private int filled;

		private long started;

		// whether its answer is being looked up, and the how-manieth request held here it
		// is
		private boolean deciding;

		private long attempts;

		// what arrived on the connection while a request was being decided
		private final ArrayDeque<Object> waiting = new ArrayDeque<>();

		@Override
		public void channelRead(ChannelHandlerContext context, Object message) {
			if (this.deciding) {
				this.waiting.add(message);
			}
			else {
				handle(context, message);
			}
		}

		private void handle(ChannelHandlerContext context, Object message) {
			if (this.held != null) {
				if (message instanceof HttpContent content) {
					collect(context, content);
				}
				else {
					// not what follows a request's head: let the framework see it all
					handOn(context, false);
					context.fireChannelRead(message);
				}
				return;
			}
			if (message instanceof HttpRequest request) {
				if (!(message instanceof FullHttpRequest) && this.owed == 0
						&& SoldOutAnswers.this.livestream.mightRefuseSoldOut() && candidate(request)) {
					this.held = request;
					this.body = new byte[(int) HttpUtil.getContentLength(request, 0L)];
					this.filled = 0;
					this.started = System.nanoTime();
					readOn(context);
					return;
				}
				this.owed++;
			}
			context.fireChannelRead(message);
		}

		private void collect(ChannelHandlerContext context, HttpContent content) {
			ByteBuf bytes = content.content();
			int length = bytes.readableBytes();
			if (this.filled + length > this.body.length || (content instanceof LastHttpContent last
					&& (this.filled + length != this.body.length || !last.trailingHeaders().isEmpty()))) {
				// not the body its length announced: the framework answers it
				handOn(context, false);
				context.fireChannelRead(content);
				return;
			}
			bytes.readBytes(this.body, this.filled, length);
			this.filled += length;
			boolean last = content instanceof LastHttpContent;
			content.release();
			if (!last) {
				readOn(context);
				return;
			}
			this.deciding = true;
			long attempt = ++this.attempts;
			EventLoop loop = context.channel().eventLoop();
			// an answer not found in time: the request goes the usual way
			Timeout late = SoldOutAnswers.this.wheel.newTimeout(
					(expired) -> loop.execute(() -> decided(context, attempt, null)), DECISION_TIMEOUT.toNanos(),
					TimeUnit.NANOSECONDS);
			// the refusal when there is one, else "no refusal": the first answer of an
			// attempt counts, later ones are ignored
			try {
				refusal(this.held.headers(), this.body, loop,
						(refusal) -> answer(context, loop, attempt, late, refusal));
			}
			catch (RuntimeException ex) {
				answer(context, loop, attempt, late, null);
			}
		}

		private void answer(ChannelHandlerContext context, EventLoop loop, long attempt, Timeout late,
				QuotaExceeded refusal) {
			late.cancel();
			if (loop.inEventLoop()) {
				decided(context, attempt, refusal);
			}
			else {
				loop.execute(() -> decided(context, attempt, refusal));
			}
		}

		private void decided(ChannelHandlerContext context, long attempt, QuotaExceeded refusal) {
			if (!this.deciding || attempt != this.attempts) {
				return;
			}
			this.deciding = false;
			if (!context.channel().isActive()) {
				drop();
				return;
			}
			if (refusal != null) {
				HttpRequest request = this.held;
				clear();
				refuse(context, request, refusal, this.started);
				readOn(context);
			}
			else {
				handOn(context, true);
			}
			// what arrived meanwhile, in order, until a request is held again
			Object next;
			while (!this.deciding && (next = this.waiting.poll()) != null) {
				handle(context, next);
			}
		}

		// the held request and what was read of its body go on to the framework as they
		// came; the rest of the body, if any, follows
		private void handOn(ChannelHandlerContext context, boolean complete) {
			HttpRequest request = this.held;
			ByteBuf read = Unpooled.wrappedBuffer(this.body, 0, this.filled);
			clear();
			this.owed++;
			context.fireChannelRead(request);
			context.fireChannelRead(complete ? new DefaultLastHttpContent(read) : new DefaultHttpContent(read));
		}

		private void clear() {
			this.held = null;
			this.body = null;
			this.filled = 0;
		}

		// the framework reads on demand when the channel does not read by itself: a
		// request
		// it never sees must ask for the next read here
		private void readOn(ChannelHandlerContext context) {
			if (!context.channel().config().isAutoRead()) {
				context.read();
			}
		}

		@Override
		public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) {
			if (message instanceof LastHttpContent && this.owed > 0 && !(message instanceof HttpResponse response
					&& response.status().codeClass() == HttpStatusClass.INFORMATIONAL)) {
				this.owed--;
			}
			context.write(message, promise);
		}

		@Override
		public void channelInactive(ChannelHandlerContext context) throws Exception {
			drop();
			super.channelInactive(context);
		}

		@Override
		public void handlerRemoved(ChannelHandlerContext context) {
			drop();
		}

		// the connection is gone: nothing held or waiting will be read
		private void drop() {
			this.deciding = false;
			clear();
			Object message;
			while ((message = this.waiting.poll()) != null) {
				ReferenceCountUtil.release(message);
			}
		}

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
		// the common body, read by hand; anything else with the parser
		PlaceOrder plain = PlainOrderReader.read(body);
		return (plain != null) ? plain : readStrictly(json, body);
	}

	/** {@link #read} with the mapper's parser alone. */
	static PlaceOrder readStrictly(JsonMapper json, byte[] body) {
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

}
