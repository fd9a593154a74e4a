package coop.litang.cooplive.shared;

import java.net.InetSocketAddress;
import java.net.URI;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which requests the storefront's per-address limit applies to, and whose bucket each
 * takes from.
 */
class StorefrontRateLimitsTests {

	@Test
	void limitsEveryWriteUnderTheStorefrontHoweverItsPathIsSpelled() {
		for (String path : new String[] { "/api/v1/storefront/orders", "/api/v1/storefront/orders/1/cancel",
				"/api/v1/storefront/orders/1/payment", "/api/v1/storefront/buyers/verification",
				"/api/v1/storefront/buyers/verification/confirm", "/api/v1/%73torefront/orders",
				"/api/v1//storefront/orders", "/api//v1/storefront/orders", "/api/v1/storefront;a=b/orders",
				"/api/v1/storefront%2Forders" }) {
			assertThat(StorefrontRateLimits.limited(post(path))).as(path).isTrue();
		}
		for (HttpMethod method : new HttpMethod[] { HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE }) {
			assertThat(StorefrontRateLimits
				.limited(MockServerHttpRequest.method(method, "/api/v1/storefront/orders").build())).isTrue();
		}
	}

	@Test
	void leavesReadsAndEverythingOutsideTheStorefrontAlone() {
		for (HttpMethod method : new HttpMethod[] { HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS }) {
			assertThat(StorefrontRateLimits
				.limited(MockServerHttpRequest.method(method, "/api/v1/storefront/orders/1").build())).isFalse();
		}
		for (String path : new String[] { "/api/v1/auth/token", "/api/v1/host/sessions/1/orders",
				"/api/v1/admin/orders/1/cancel", "/api/v1/payments/stripe/webhook", "/api/v1/storefrontx/orders",
				"/api/v1/%41dmin/orders" }) {
			assertThat(StorefrontRateLimits.limited(post(path))).as(path).isFalse();
		}
	}

	// the path as sent, not encoded again
	private static MockServerHttpRequest post(String path) {
		return MockServerHttpRequest.method(HttpMethod.POST, URI.create(path)).build();
	}

	@Test
	void anIpv4AddressIsItsOwnSubject() {
		assertThat(StorefrontRateLimits.subject(new InetSocketAddress("203.0.113.7", 4000))).isEqualTo("203.0.113.7");
		assertThat(StorefrontRateLimits.subject(InetSocketAddress.createUnresolved("203.0.113.7", 0)))
			.isEqualTo("203.0.113.7");
		assertThat(StorefrontRateLimits.subject(new InetSocketAddress("::ffff:203.0.113.7", 1)))
			.isEqualTo("203.0.113.7");
	}

	@Test
	void anIpv6AddressCountsByItsSlash64Network() {
		String subject = StorefrontRateLimits.subject(new InetSocketAddress("2001:db8:aa:bb:1:2:3:4", 4000));
		assertThat(subject).isEqualTo("2001:db8:aa:bb::/64");
		assertThat(StorefrontRateLimits.subject(new InetSocketAddress("2001:db8:aa:bb:ffff::9", 1))).isEqualTo(subject);
		assertThat(StorefrontRateLimits.subject(InetSocketAddress.createUnresolved("[2001:db8:aa:bb::1]", 0)))
			.isEqualTo(subject);
		assertThat(StorefrontRateLimits.subject(new InetSocketAddress("2001:db8:aa:bc::1", 1))).isNotEqualTo(subject);
	}

	@Test
	void addressesThatAreNotAddressesShareOneSubject() {
		assertThat(StorefrontRateLimits.subject(null)).isEqualTo("unknown");
		assertThat(StorefrontRateLimits.subject(InetSocketAddress.createUnresolved("_Hidden", 0))).isEqualTo("_hidden");
	}

}
