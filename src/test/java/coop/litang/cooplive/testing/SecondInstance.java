package coop.litang.cooplive.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import coop.litang.cooplive.CoopliveApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Another instance of the service sharing the first one's database and Redis, as a second
 * replica behind a load balancer would.
 */
public final class SecondInstance implements AutoCloseable {

	private static final String[] SHARED = { "spring.r2dbc.url", "spring.r2dbc.username", "spring.r2dbc.password",
			"spring.flyway.url", "spring.flyway.user", "spring.flyway.password", "cooplive.redis.address",
			"cooplive.redis.key-prefix", "cooplive.ordering.sweep-interval", "cooplive.identity.jwt-secret",
			"cooplive.ordering.access-token-secret", "cooplive.buyers.token-secret",
			"cooplive.identity.revocation-check", "cooplive.rate-limits.enabled",
			"cooplive.rate-limits.per-address.capacity", "cooplive.rate-limits.per-address.refill",
			"cooplive.rate-limits.per-address.period", "cooplive.rate-limits.per-buyer.capacity",
			"cooplive.rate-limits.per-buyer.refill", "cooplive.rate-limits.per-buyer.period",
			"cooplive.web.trusted-proxies" };

	private final ConfigurableApplicationContext context;

	public SecondInstance(Environment first) {
		this(first, Map.of());
	}

	/**
	 * An instance sharing the first one's settings but those given, such as a Redis
	 * address of its own.
	 */
	public SecondInstance(Environment first, Map<String, String> overrides) {
		List<String> args = new ArrayList<>();
		for (String key : SHARED) {
			String value = first.getProperty(key);
			if (value != null && !overrides.containsKey(key)) {
				args.add("--" + key + "=" + value);
			}
		}
		overrides.forEach((key, value) -> args.add("--" + key + "=" + value));
		args.add("--server.port=0");
		args.add("--cooplive.demo.enabled=false");
		this.context = new SpringApplicationBuilder(CoopliveApplication.class).profiles("dev")
			.run(args.toArray(String[]::new));
	}

	public int port() {
		return Integer.parseInt(this.context.getEnvironment().getProperty("local.server.port"));
	}

	/** One of its beans, such as its meter registry. */
	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	@Override
	public void close() {
		this.context.close();
	}

}
