package coop.litang.cooplive.identity;

import java.nio.charset.StandardCharsets;
import java.util.List;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import coop.litang.cooplive.shared.Problems;
import coop.litang.cooplive.shared.Secrets;
import coop.litang.cooplive.shared.StorefrontFastPath;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ObservationWebFilterChainDecorator;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.security.web.server.WebFilterChainProxy.WebFilterChainDecorator;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.security.web.server.util.matcher.NegatedServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher.MatchResult;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.reactive.result.method.RequestMappingInfoHandlerMapping;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Who may call what. Every endpoint falls under one rule: the storefront, sign-in, API
 * docs, probes and the console's files are public; admin, host and accounting endpoints
 * need their role; the Prometheus scrape needs the scraper's credentials or an admin. Any
 * other path is closed until a rule names it. Refusals are problem details: 401 without a
 * valid token, 403 with the wrong role.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

	@Bean
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http,
			ReactiveJwtAuthenticationConverterAdapter jwtConverter, ScrapeSettings scrapers,
			ObjectProvider<RequestMappingInfoHandlerMapping> endpoints) {
		ServerAuthenticationEntryPoint unauthenticated = (exchange, ex) -> Problems.write(exchange,
				Problems.of(HttpStatus.UNAUTHORIZED, "A valid bearer token is required", exchange));
		ServerAccessDeniedHandler forbidden = (exchange, ex) -> Problems.write(exchange,
				Problems.of(HttpStatus.FORBIDDEN, "Your role may not do this", exchange));
		// the storefront is open to everyone: its requests (a live drop's thousands a
		// second) skip the filter chain; RequestIds writes their security headers
		return http
			.securityMatcher(new NegatedServerWebExchangeMatcher(
					(exchange) -> skipsSecurityChain(exchange) ? MatchResult.match() : MatchResult.notMatch()))
			.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
			.authorizeExchange((rules) -> rules.pathMatchers(HttpMethod.POST, "/api/v1/auth/token")
				.permitAll()
				.pathMatchers(StorefrontFastPath.PATTERN)
				.permitAll()
				.pathMatchers(HttpMethod.GET, "/api/v1/admin/audit")
				.hasAnyRole(Role.ADMIN.name(), Role.ACCOUNTANT.name())
				.pathMatchers("/api/v1/admin/**")
				.hasRole(Role.ADMIN.name())
				.pathMatchers("/api/v1/host/**")
				.hasAnyRole(Role.HOST.name(), Role.ADMIN.name())
				.pathMatchers(HttpMethod.GET, "/api/v1/accounting/**")
				.hasAnyRole(Role.ACCOUNTANT.name(), Role.ADMIN.name())
				.pathMatchers("/api/v1/accounting/**")
				.hasRole(Role.ACCOUNTANT.name())
				.pathMatchers("/api/v1/auth/me")
				.authenticated()
				.pathMatchers(HttpMethod.POST, "/api/v1/payments/stripe/webhook")
				.permitAll()
				.pathMatchers("/actuator/health/**", "/actuator/health", "/actuator/info")
				.permitAll()
				// sales per session: the scraper's credentials or an admin
				.pathMatchers("/actuator/prometheus")
				.access(scrapersOrAdmins(scrapers))
				.pathMatchers("/v3/api-docs/**", "/v3/api-docs", "/swagger-ui.html", "/swagger-ui/**", "/webjars/**")
				.permitAll()
				// the host's console: public files, its data comes from the API with the
				// bearer token the page holds
				.pathMatchers(HttpMethod.GET, "/console", "/console/**")
				.permitAll()
				.pathMatchers(HttpMethod.HEAD, "/console", "/console/**")
				.permitAll()
				// the pages QR codes open: a household card's public page, a goods
				// label's
				// traceability page
				.pathMatchers(HttpMethod.GET, "/h/*", "/t/*", "/public/**")
				.permitAll()
				// the API is closed until a rule names a path
				.pathMatchers("/api/**")
				.denyAll()
				// a path outside it that no endpoint serves is answered 404 (problem
				// details) to anyone
				.matchers(servedByNoEndpoint(endpoints))
				.permitAll()
				// an endpoint no rule above names is closed
				.anyExchange()
				.denyAll())
			.oauth2ResourceServer((resource) -> resource.jwt((jwt) -> jwt.jwtAuthenticationConverter(jwtConverter))
				.authenticationEntryPoint(unauthenticated)
				.accessDeniedHandler(forbidden))
			.exceptionHandling(
					(handling) -> handling.authenticationEntryPoint(unauthenticated).accessDeniedHandler(forbidden))
			.build();
	}

	// no controller or actuator endpoint maps the request (whatever its method); asked
	// only
	// of requests no rule above took
	private static ServerWebExchangeMatcher servedByNoEndpoint(
			ObjectProvider<RequestMappingInfoHandlerMapping> endpoints) {
		return (exchange) -> Flux.fromStream(endpoints::orderedStream)
			.concatMap((mapping) -> mapping.getHandler(exchange).map((handler) -> true).onErrorReturn(true))
			.hasElements()
			.flatMap((served) -> served ? MatchResult.notMatch() : MatchResult.match());
	}

	private static ReactiveAuthorizationManager<AuthorizationContext> scrapersOrAdmins(ScrapeSettings scrapers) {
		return (authentication, context) -> {
			if (scrapers.allows(context.getExchange().getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION))) {
				return Mono.just(new AuthorizationDecision(true));
			}
			return authentication.filter(Authentication::isAuthenticated)
				.map((user) -> user.getAuthorities()
					.stream()
					.anyMatch((granted) -> ("ROLE_" + Role.ADMIN.name()).equals(granted.getAuthority())))
				.defaultIfEmpty(false)
				.map(AuthorizationDecision::new);
		};
	}

	private static boolean skipsSecurityChain(ServerWebExchange exchange) {
		return StorefrontFastPath.skipsSecurityChain(exchange.getRequest());
	}

	/**
	 * The filter chain proxy checks every request through a strict firewall and wraps its
	 * chain in Spring Security's observation; a live drop's storefront requests with a
	 * plain path ({@link StorefrontFastPath#skipsSecurityChain}) skip both (they pass no
	 * security filter anyway), every other request keeps both.
	 */
	@Bean
	static BeanPostProcessor storefrontFastPath(ObjectProvider<ObservationRegistry> observations,
			ObjectProvider<SecurityObservationSettings> settings) {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof WebFilterChainProxy proxy) {
					ServerWebExchangeFirewall strict = new StrictServerWebExchangeFirewall();
					proxy.setFirewall((exchange) -> skipsSecurityChain(exchange) ? Mono.just(exchange)
							: strict.getFirewalledExchange(exchange));
					// a path the firewall refuses (an encoded slash, a NUL, "..") is a
					// 400
					// problem, like every other refusal
					proxy.setExchangeRejectedHandler(
							(exchange, ex) -> Problems.write(exchange, Problems.of(HttpStatus.BAD_REQUEST,
									"The request's path or headers are refused: " + ex.getMessage(), exchange)));
					// the choice Spring Security makes for the proxy, which has no getter
					ObservationRegistry registry = observations.getIfUnique(() -> ObservationRegistry.NOOP);
					SecurityObservationSettings chosen = settings.getIfUnique();
					boolean observe = chosen == null || chosen.shouldObserveRequests();
					proxy
						.setFilterChainDecorator(observedOffTheFastPath(observe ? registry : ObservationRegistry.NOOP));
				}
				return bean;
			}

		};
	}

	/**
	 * What Spring Security decorates the filter chain with (an observation, unless the
	 * registry is a no-op), for all requests but those on the storefront's fast path.
	 * Which observations are made is still up to the registry: the application's settings
	 * turn off those named {@code spring.security}.
	 */
	static WebFilterChainDecorator observedOffTheFastPath(ObservationRegistry registry) {
		WebFilterChainDecorator plain = new WebFilterChainProxy.DefaultWebFilterChainDecorator();
		if (registry.isNoop()) {
			return plain;
		}
		WebFilterChainDecorator observed = new ObservationWebFilterChainDecorator(registry);
		return new WebFilterChainDecorator() {

			@Override
			public WebFilterChain decorate(WebFilterChain original) {
				return (exchange) -> (skipsSecurityChain(exchange) ? plain : observed).decorate(original)
					.filter(exchange);
			}

			@Override
			public WebFilterChain decorate(WebFilterChain original, List<WebFilter> filters) {
				return (exchange) -> (skipsSecurityChain(exchange) ? plain : observed).decorate(original, filters)
					.filter(exchange);
			}

		};
	}

	@Bean
	ReactiveJwtAuthenticationConverterAdapter jwtAuthenticationConverter() {
		JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
		authorities.setAuthoritiesClaimName("roles");
		authorities.setAuthorityPrefix("ROLE_");
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter(authorities);
		return new ReactiveJwtAuthenticationConverterAdapter(converter);
	}

	// a signed, unexpired token of the issuer, whose user is enabled and of its version
	@Bean
	ReactiveJwtDecoder jwtDecoder(IdentitySettings settings, TokenVersions versions) {
		NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withSecretKey(secretKey(settings))
			.macAlgorithm(MacAlgorithm.HS256)
			.build();
		decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(settings.issuer()));
		return (token) -> decoder.decode(token)
			.flatMap((jwt) -> versions.good(jwt)
				.flatMap((good) -> good ? Mono.just(jwt)
						: Mono.error(new BadJwtException("the token was withdrawn: its user was disabled"))));
	}

	@Bean
	JwtEncoder jwtEncoder(IdentitySettings settings) {
		return new NimbusJwtEncoder(new ImmutableSecret<>(secretKey(settings)));
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	ProductionSecretGuard productionSecretGuard(Environment environment, IdentitySettings settings) {
		return new ProductionSecretGuard(environment, settings);
	}

	private static SecretKey secretKey(IdentitySettings settings) {
		return new SecretKeySpec(settings.jwtSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
	}

	/**
	 * Refuses to start with the development signing key outside the {@code dev} profile.
	 */
	static final class ProductionSecretGuard {

		ProductionSecretGuard(Environment environment, IdentitySettings settings) {
			Secrets.requireNotDevelopment(environment, "cooplive.identity.jwt-secret", "COOPLIVE_JWT_SECRET",
					settings.jwtSecret(), IdentitySettings.DEV_SECRET);
		}

	}

}
