package coop.litang.cooplive.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole service on a random port against real PostgreSQL and Redis (see
 * {@link TestServices}), with a {@code WebTestClient} bound to it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "cooplive.demo.enabled=false", "cooplive.ordering.sweep-interval=1h" })
@ActiveProfiles("dev")
@AutoConfigureWebTestClient(timeout = "30s")
@ContextConfiguration(initializers = TestServicesInitializer.class)
@Import({ Fixtures.class, MutableClock.class, WholeResponses.class })
public @interface IntegrationTest {

}
