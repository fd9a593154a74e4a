package coop.litang.cooplive;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * cooplive: orders, inventory and dividends of a herders' cooperative in Litang.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CoopliveApplication {

	public static void main(String[] args) {
		SpringApplication.run(CoopliveApplication.class, args);
	}

}
