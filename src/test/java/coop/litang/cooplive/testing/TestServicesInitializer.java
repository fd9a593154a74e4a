package coop.litang.cooplive.testing;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * Points a test's application context at a fresh database of its own and at this run's
 * Redis key space. Registered by {@link IntegrationTest}.
 */
public class TestServicesInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		var sources = context.getEnvironment().getPropertySources();
		var services = new MapPropertySource("testServices", TestServices.get().newContextProperties());
		// a test's own @TestPropertySource (such as a Redis address nobody listens on)
		// still wins
		if (sources.contains(TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME)) {
			sources.addAfter(TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME, services);
		}
		else {
			sources.addFirst(services);
		}
	}

}
