package coop.litang.cooplive.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Whether an empty database gets the Litang demo data and the four demo users.
 *
 * @param enabled load the demo data into an empty database; refused under {@code prod}
 */
@ConfigurationProperties("cooplive.demo")
public record DemoSettings(@DefaultValue("true") boolean enabled) {
}
