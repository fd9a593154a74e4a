package coop.litang.cooplive.testing;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points a test's application context at a fresh database of its own and at this run's
 * Redis key space. Registered by {@link IntegrationTest}.
 */
public class TestServicesInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("testServices", TestServices.get().newContextProperties()));
	}

}
