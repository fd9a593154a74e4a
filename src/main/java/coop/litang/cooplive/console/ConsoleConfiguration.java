package coop.litang.cooplive.console;

import java.net.URI;
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
 * Serves the console's files from {@code classpath:/static/console/} under
 * {@code /console/}: {@code /console} redirects to {@code /console/}, which is the
 * console's {@code index.html}. Every answer under {@code /console} carries a
 * Content-Security-Policy allowing only this origin, and is revalidated on each use
 * ({@code no-cache} with {@code Last-Modified}): the file names carry no version, so a
 * phone must not keep an old one after a deploy.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleConfiguration implements WebFluxConfigurer {

	/** Where the console lives. */
	static final String PATH = "/console";

	/**
	 * Scripts, styles, images and API calls from this origin only; no inline script, no
	 * plugin, not framed by anyone. The one inline style allowed, by its hash, is a
	 * dividend statement's own: the desk opens a statement's printable page from a blob,
	 * which lives under this policy ({@code StatementStyleAllowedTests} keeps the hash
	 * true).
	 */
	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
			+ "style-src 'self' 'sha256-dMPIpOD0B8i81OfL+NdXB9IP9YCXwhKfTNC+YTCHzKE='; "
			+ "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
			+ "form-action 'self'; frame-ancestors 'none'";

	private static final Resource INDEX = new ClassPathResource("static/console/index.html");

	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		registry.addResourceHandler(PATH + "/**")
			.addResourceLocations("classpath:/static/console/")
			.setCacheControl(CacheControl.noCache())
			.setUseLastModified(true);
	}

	@Bean
	RouterFunction<ServerResponse> consolePages() {
		return RouterFunctions
			.route(GET(PATH), (request) -> ServerResponse.permanentRedirect(URI.create(PATH + "/")).build())
			.andRoute(GET(PATH + "/"),
					(request) -> ServerResponse.ok()
						.contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
						.cacheControl(CacheControl.noCache())
						.bodyValue(INDEX));
	}

	@Bean
	WebFilter consoleHeaders() {
		return (exchange, chain) -> {
			String path = exchange.getRequest().getPath().value();
			if (path.equals(PATH) || path.startsWith(PATH + "/")) {
				HttpHeaders headers = exchange.getResponse().getHeaders();
				headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
				headers.set("Referrer-Policy", "no-referrer");
			}
			return chain.filter(exchange);
		};
	}

}
