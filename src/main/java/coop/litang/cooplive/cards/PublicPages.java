package coop.litang.cooplive.cards;

import java.nio.charset.StandardCharsets;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.config.ResourceHandlerRegistry;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.WebFilter;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

/**
 * The pages a QR code opens, for anyone: {@code /h/<card code>} (a household card) and
 * {@code /t/<traceability code>} (a goods label). Each is a static page that reads its
 * data from the storefront API; their scripts and styles are under {@code /public/}.
 * Same-origin only, like the console.
 */
@Configuration(proxyBeanMethods = false)
class PublicPages implements WebFluxConfigurer {

	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
			+ "frame-ancestors 'none'";

	private static final Resource HOUSEHOLD = new ClassPathResource("static/public/household.html");

	private static final Resource TRACE = new ClassPathResource("static/public/trace.html");

	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		registry.addResourceHandler("/public/**")
			.addResourceLocations("classpath:/static/public/")
			.setCacheControl(CacheControl.noCache())
			.setUseLastModified(true);
	}

	@Bean
	RouterFunction<ServerResponse> publicCardPages() {
		return RouterFunctions.route(GET("/h/{code}"), (request) -> page(HOUSEHOLD))
			.andRoute(GET("/t/{code}"), (request) -> page(TRACE));
	}

	private static reactor.core.publisher.Mono<ServerResponse> page(Resource page) {
		return ServerResponse.ok()
			.contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
			.cacheControl(CacheControl.noCache())
			.bodyValue(page);
	}

	@Bean
	WebFilter publicPageHeaders() {
		return (exchange, chain) -> {
			String path = exchange.getRequest().getPath().value();
			if (path.startsWith("/h/") || path.startsWith("/t/") || path.startsWith("/public/")) {
				HttpHeaders headers = exchange.getResponse().getHeaders();
				headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
				headers.set("Referrer-Policy", "no-referrer");
			}
			return chain.filter(exchange);
		};
	}

}
