package coop.litang.cooplive.shared;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.NetUtil;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.stereotype.Component;
import reactor.netty.http.server.ConnectionInfo;
import reactor.netty.http.server.HttpServer;

/**
 * Who the client is behind a load balancer or ingress: the address the TCP connection
 * comes from, unless that is one of {@code cooplive.web.trusted-proxies}; then the
 * nearest address in {@code X-Forwarded-For} that is not a trusted proxy, read from the
 * right, since every proxy appends the address it saw and everything to the left of the
 * trusted ones is whatever the client chose to send. A client talking to the service
 * directly cannot pick its address, and one behind the balancer cannot forge one by
 * sending the header itself. Sign-in throttling and the rate limits count by this
 * address. {@code X-Forwarded-Proto} from a trusted proxy gives the scheme.
 */
@Component
class TrustedProxies implements NettyServerCustomizer {

	private final List<Cidr> trusted;

	TrustedProxies(WebSettings settings) {
		List<Cidr> ranges = new ArrayList<>();
		for (String range : settings.trustedProxies()) {
			ranges.add(Cidr.parse(range));
		}
		this.trusted = List.copyOf(ranges);
	}

	@Override
	public HttpServer apply(HttpServer server) {
		return this.trusted.isEmpty() ? server : server.forwarded(this::client);
	}

	// the connection as seen past the trusted proxies
	private ConnectionInfo client(ConnectionInfo connection, HttpRequest request) {
		InetSocketAddress peer = connection.getRemoteAddress();
		if (peer == null || peer.getAddress() == null || !trusted(peer.getAddress())) {
			return connection;
		}
		InetAddress client = client(peer.getAddress(), request.headers().getAll("X-Forwarded-For"));
		ConnectionInfo seen = connection.withRemoteAddress(new InetSocketAddress(client, 0));
		String scheme = scheme(peer.getAddress(), request.headers().get("X-Forwarded-Proto"));
		return (scheme != null) ? seen.withScheme(scheme) : seen;
	}

	/**
	 * The client of a connection from the peer with these {@code X-Forwarded-For}
	 * headers: the peer itself unless it is a trusted proxy.
	 */
	InetAddress client(InetAddress peer, List<String> forwardedFor) {
		if (!trusted(peer)) {
			return peer;
		}
		InetAddress forwarded = forwarded(forwardedFor);
		return (forwarded != null) ? forwarded : peer;
	}

	/** The scheme a trusted proxy says it was asked in; {@code null} otherwise. */
	String scheme(InetAddress peer, String forwardedProto) {
		if (forwardedProto == null || !trusted(peer)) {
			return null;
		}
		String scheme = forwardedProto.strip().toLowerCase(java.util.Locale.ROOT);
		return (scheme.equals("https") || scheme.equals("http")) ? scheme : null;
	}

	// the rightmost address that is not a trusted proxy; null when the header has none
	// (or only trusted ones: then the leftmost of those)
	private InetAddress forwarded(List<String> headers) {
		List<String> hops = new ArrayList<>();
		for (String header : headers) {
			for (String hop : header.split(",")) {
				hops.add(hop.strip());
			}
		}
		InetAddress last = null;
		for (int i = hops.size() - 1; i >= 0; i--) {
			InetAddress address = literal(hops.get(i));
			if (address == null) {
				// not an address (a forged word, "unknown"): nothing left of it is to be
				// believed either
				return last;
			}
			last = address;
			if (!trusted(address)) {
				return address;
			}
		}
		return last;
	}

	boolean trusted(InetAddress address) {
		for (Cidr range : this.trusted) {
			if (range.contains(address)) {
				return true;
			}
		}
		return false;
	}

	// an IPv4 or IPv6 literal, without any name lookup; [v6] and a :port are accepted
	private static InetAddress literal(String hop) {
		String text = hop;
		if (text.startsWith("[") && text.indexOf(']') > 0) {
			text = text.substring(1, text.indexOf(']'));
		}
		else if (text.indexOf(':') > 0 && text.indexOf(':') == text.lastIndexOf(':')) {
			text = text.substring(0, text.indexOf(':'));
		}
		byte[] bytes = NetUtil.createByteArrayFromIpAddressString(text);
		if (bytes == null) {
			return null;
		}
		try {
			return InetAddress.getByAddress(bytes);
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	/** A range of addresses, such as {@code 10.0.0.0/8} or {@code fd00::/8}. */
	record Cidr(byte[] network, int bits) {

		static Cidr parse(String text) {
			String[] parts = text.strip().split("/", 2);
			InetAddress address = literal(parts[0]);
			if (address == null) {
				throw new IllegalArgumentException(
						"cooplive.web.trusted-proxies: " + text + " is not an address or a range such as 10.0.0.0/8");
			}
			int max = address.getAddress().length * 8;
			int bits;
			try {
				bits = (parts.length == 2) ? Integer.parseInt(parts[1]) : max;
			}
			catch (NumberFormatException ex) {
				bits = -1;
			}
			if (bits < 0 || bits > max) {
				throw new IllegalArgumentException(
						"cooplive.web.trusted-proxies: " + text + " has a prefix length outside 0 to " + max);
			}
			return new Cidr(address.getAddress(), bits);
		}

		boolean contains(InetAddress address) {
			byte[] bytes = address.getAddress();
			if (bytes.length != this.network.length) {
				return false;
			}
			int whole = this.bits / 8;
			for (int i = 0; i < whole; i++) {
				if (bytes[i] != this.network[i]) {
					return false;
				}
			}
			int rest = this.bits % 8;
			if (rest == 0) {
				return true;
			}
			int mask = (0xff << (8 - rest)) & 0xff;
			return (bytes[whole] & mask) == (this.network[whole] & mask);
		}

	}

}
