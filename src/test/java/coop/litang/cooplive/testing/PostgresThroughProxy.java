package coop.litang.cooplive.testing;

import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Like {@link TestServicesInitializer}, but the service reaches PostgreSQL through
 * {@link #PROXY}, which a test cuts, stalls and restores (migrations still connect
 * directly). For tests of what callers see while the database is away.
 */
public class PostgresThroughProxy implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	/** The proxy in front of this run's PostgreSQL. */
	public static final TcpProxy PROXY = new TcpProxy(TestServices.get().pgHost(), TestServices.get().pgPort());

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		TestServices services = TestServices.get();
		Map<String, Object> properties = services.newContextProperties();
		String database = (String) properties.get("cooplive.test.database");
		properties.put("spring.r2dbc.url", "r2dbc:postgresql://127.0.0.1:" + PROXY.port() + "/" + database);
		context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("testServices", properties));
	}

}
