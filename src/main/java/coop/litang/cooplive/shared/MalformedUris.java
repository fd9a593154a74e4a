package coop.litang.cooplive.shared;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * A request whose URI is not a URI (a broken percent-encoding such as {@code %zz}, a lone
 * {@code %}) is answered {@code 400} problem details by Netty itself: past this point the
 * web framework cannot build the request and would answer an empty 400.
 */
@Component
class MalformedUris implements NettyServerCustomizer {

	private static final String NAME = "cooplive.malformedUris";

	@Override
	public HttpServer apply(HttpServer server) {
		return server.doOnChannelInit((observer, channel, address) -> {
			if (channel.pipeline().get(NettyPipeline.HttpCodec) != null && channel.pipeline().get(NAME) == null) {
				channel.pipeline().addAfter(NettyPipeline.HttpCodec, NAME, new Refuser());
			}
		});
	}

	static boolean malformed(String uri) {
		if (plain(uri)) {
			return false;
		}
		try {
			new URI(uri);
			return false;
		}
		catch (URISyntaxException ex) {
			return true;
		}
	}

	// an absolute path, with or without a query, of characters a URI holds as they are
	// (RFC 2396's unreserved and reserved ones, no escapes): always a URI, so the common
	// request needs no parse
	static boolean plain(String uri) {
		int length = uri.length();
		if (length == 0 || uri.charAt(0) != '/' || (length > 1 && uri.charAt(1) == '/')) {
			return false;
		}
		for (int i = 1; i < length; i++) {
			char c = uri.charAt(i);
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
					|| PLAIN.indexOf(c) >= 0)) {
				return false;
			}
		}
		return true;
	}

	private static final String PLAIN = "-_.!~*'()/?:@&=+$,;";

	// one per connection: after a refused request, drops its body and closes
	private static final class Refuser extends ChannelInboundHandlerAdapter {

		private boolean refusing;

		@Override
		public void channelRead(ChannelHandlerContext context, Object message) {
			if (message instanceof HttpRequest request && malformed(request.uri())) {
				this.refusing = true;
				ReferenceCountUtil.release(message);
				byte[] body = Problems.json(HttpStatus.BAD_REQUEST,
						"the request's URI is malformed (a broken percent-encoding?)", "", Map.of());
				DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
						HttpResponseStatus.BAD_REQUEST, Unpooled.wrappedBuffer(body));
				response.headers()
					.set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
					.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
					.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
				context.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
				return;
			}
			if (this.refusing && message instanceof HttpContent) {
				ReferenceCountUtil.release(message);
				return;
			}
			context.fireChannelRead(message);
		}

	}

}
