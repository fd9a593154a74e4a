package coop.litang.cooplive.identity;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import coop.litang.cooplive.shared.StorefrontFastPath;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.server.MatcherSecurityWebFilterChain;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.security.web.server.util.matcher.NegatedServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher.MatchResult;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The security filter chain proxy as {@link SecurityConfiguration} leaves it: only the
 * storefront's plain requests skip Spring Security's observation.
 */
class StorefrontFastPathTests {

	private final List<String> observed = new CopyOnWriteArrayList<>();

	private final WebFilterChainProxy proxy = proxy(registry(this.observed));

	@Test
	void requestsOffTheStorefrontAreObservedBySpringSecurity() {
		filter("/api/v1/admin/members");
		assertThat(this.observed).contains("spring.security.http.secured.requests", "spring.security.filterchains");
	}

	@Test
	void plainStorefrontRequestsAreNotObserved() {
		filter("/api/v1/storefront/products");
		assertThat(this.observed).isEmpty();
	}

	private void filter(String path) {
		this.proxy.filter(MockServerWebExchange.from(MockServerHttpRequest.get(path)), (exchange) -> Mono.empty())
			.block();
	}

	// one chain for every request off the fast path, as SecurityConfiguration has it
	private static WebFilterChainProxy proxy(ObservationRegistry registry) {
		WebFilter pass = (exchange, chain) -> chain.filter(exchange);
		WebFilterChainProxy proxy = new WebFilterChainProxy(
				new MatcherSecurityWebFilterChain(new NegatedServerWebExchangeMatcher(
						(exchange) -> StorefrontFastPath.skipsSecurityChain(exchange.getRequest()) ? MatchResult.match()
								: MatchResult.notMatch()),
						List.of(pass)));
		StaticListableBeanFactory beans = new StaticListableBeanFactory(Map.of("observationRegistry", registry));
		return (WebFilterChainProxy) SecurityConfiguration
			.storefrontFastPath(beans.getBeanProvider(ObservationRegistry.class),
					beans.getBeanProvider(SecurityObservationSettings.class))
			.postProcessAfterInitialization(proxy, "springSecurityWebFilterChainFilter");
	}

	private static ObservationRegistry registry(List<String> observed) {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

			@Override
			public void onStart(Observation.Context context) {
				observed.add(context.getName());
			}

		});
		return registry;
	}

}
