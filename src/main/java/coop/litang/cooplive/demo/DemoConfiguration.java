package coop.litang.cooplive.demo;

import java.time.Duration;

import coop.litang.cooplive.catalog.CatalogManagement;
import coop.litang.cooplive.identity.IdentityManagement;
import coop.litang.cooplive.members.MembersManagement;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loads the demo data at start-up when {@code cooplive.demo.enabled} is on, and refuses
 * to start the {@code prod} profile with it on.
 */
@Configuration(proxyBeanMethods = false)
class DemoConfiguration {

	DemoConfiguration(DemoSettings settings, Environment environment) {
		if (settings.enabled() && environment.acceptsProfiles(Profiles.of("prod"))) {
			throw new IllegalStateException("cooplive.demo.enabled (COOPLIVE_DEMO_DATA) must be false under the prod "
					+ "profile: demo users have published passwords");
		}
	}

	@Bean
	DemoData demoData(CatalogManagement catalog, MembersManagement members, IdentityManagement identity,
			JsonMapper json) {
		return new DemoData(catalog, members, identity, json);
	}

	@Bean
	@Order(0)
	ApplicationRunner demoDataLoader(DemoSettings settings, DemoData demoData) {
		return (args) -> {
			if (settings.enabled()) {
				// start-up runs on the main thread, not an event loop: waiting here is
				// safe and
				// keeps the service from answering before its demo data is in place
				demoData.loadIntoEmptyDatabase().block(Duration.ofMinutes(2));
			}
		};
	}

}
