package coop.litang.cooplive.shared;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client's address behind trusted proxies: only what they appended to
 * {@code X-Forwarded-For} is believed.
 */
class TrustedProxiesTests {

	private final TrustedProxies proxies = new TrustedProxies(
			new WebSettings(Duration.ofSeconds(10), List.of("10.0.0.0/8", " 192.168.1.7 ", "fd00::/8")));

	@Test
	void behindTheBalancerTheClientIsTheAddressItAppended() {
		assertThat(client("10.1.2.3", "203.0.113.9")).isEqualTo("203.0.113.9");
		// through two trusted hops
		assertThat(client("10.1.2.3", "203.0.113.9, 192.168.1.7")).isEqualTo("203.0.113.9");
		assertThat(client("10.1.2.3", "203.0.113.9", "10.9.9.9")).isEqualTo("203.0.113.9");
		// IPv6, with brackets and ports
		assertThat(client("fd00::1", "[2001:db8::5]:443")).isEqualTo("2001:db8:0:0:0:0:0:5");
		assertThat(client("10.1.2.3", "203.0.113.9:5555")).isEqualTo("203.0.113.9");
	}

	@Test
	void whatAClientSendsLeftOfTheBalancersEntryIsNotBelieved() {
		// a script sends its own X-Forwarded-For; the balancer appends what it saw
		assertThat(client("10.1.2.3", "1.1.1.1, 8.8.8.8, 203.0.113.9")).isEqualTo("203.0.113.9");
		assertThat(client("10.1.2.3", "not-an-address, 203.0.113.9")).isEqualTo("203.0.113.9");
		// garbage where the balancer's entry should be: the balancer itself
		assertThat(client("10.1.2.3", "203.0.113.9, unknown")).isEqualTo("10.1.2.3");
		assertThat(client("10.1.2.3")).isEqualTo("10.1.2.3");
	}

	@Test
	void aClientTalkingToTheServiceDirectlyCannotPickItsAddress() {
		assertThat(client("198.51.100.4", "203.0.113.9")).isEqualTo("198.51.100.4");
		TrustedProxies none = new TrustedProxies(new WebSettings(Duration.ofSeconds(10), null));
		assertThat(none.client(address("10.1.2.3"), List.of("203.0.113.9")).getHostAddress()).isEqualTo("10.1.2.3");
		assertThat(none.scheme(address("10.1.2.3"), "https")).isNull();
	}

	@Test
	void aTrustedProxyGivesTheScheme() {
		assertThat(this.proxies.scheme(address("10.1.2.3"), "HTTPS")).isEqualTo("https");
		assertThat(this.proxies.scheme(address("10.1.2.3"), "gopher")).isNull();
		assertThat(this.proxies.scheme(address("198.51.100.4"), "https")).isNull();
	}

	@Test
	void rangesAreReadStrictly() {
		assertThat(TrustedProxies.Cidr.parse("10.0.0.0/8").contains(address("10.255.0.1"))).isTrue();
		assertThat(TrustedProxies.Cidr.parse("10.0.0.0/8").contains(address("11.0.0.1"))).isFalse();
		assertThat(TrustedProxies.Cidr.parse("172.16.0.0/12").contains(address("172.31.9.9"))).isTrue();
		assertThat(TrustedProxies.Cidr.parse("172.16.0.0/12").contains(address("172.32.0.1"))).isFalse();
		assertThat(TrustedProxies.Cidr.parse("0.0.0.0/0").contains(address("8.8.8.8"))).isTrue();
		assertThat(TrustedProxies.Cidr.parse("10.0.0.0/8").contains(address("fd00::1"))).isFalse();
		for (String bad : List.of("ingress", "10.0.0.0/33", "10.0.0.0/x", "fd00::/129")) {
			assertThatThrownBy(() -> new TrustedProxies(new WebSettings(Duration.ofSeconds(1), List.of(bad))))
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("cooplive.web.trusted-proxies")
				.hasMessageContaining(bad);
		}
	}

	private String client(String peer, String... forwardedFor) {
		return this.proxies.client(address(peer), List.of(forwardedFor)).getHostAddress();
	}

	private static InetAddress address(String literal) {
		return new InetSocketAddress(literal, 0).getAddress();
	}

}
