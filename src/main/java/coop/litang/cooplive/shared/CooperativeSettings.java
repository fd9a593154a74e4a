package coop.litang.cooplive.shared;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who the cooperative is, as printed on the documents it hands out.
 *
 * @param name the cooperative's registered name, in Chinese, as on its seal
 */
@ConfigurationProperties("cooplive.cooperative")
public record CooperativeSettings(@DefaultValue("理塘县牧民专业合作社联合社") String name) {

	public CooperativeSettings {
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("cooplive.cooperative.name must not be blank");
		}
		name = name.strip();
	}

}
