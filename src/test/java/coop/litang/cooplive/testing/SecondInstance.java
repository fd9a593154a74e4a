package coop.litang.cooplive.testing;

import java.util.ArrayList;
import java.util.List;

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
			"cooplive.identity.revocation-check" };

	private final ConfigurableApplicationContext context;

	public SecondInstance(Environment first) {
		List<String> args = new ArrayList<>();
		for (String key : SHARED) {
			String value = first.getProperty(key);
			if (value != null) {
				args.add("--" + key + "=" + value);
			}
		}
		args.add("--server.port=0");
		args.add("--cooplive.demo.enabled=false");
		this.context = new SpringApplicationBuilder(CoopliveApplication.class).profiles("dev")
			.run(args.toArray(String[]::new));
	}

	public int port() {
		return Integer.parseInt(this.context.getEnvironment().getProperty("local.server.port"));
	}

	@Override
	public void close() {
		this.context.close();
	}

}
