package coop.litang.cooplive.cards;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the links in QR codes point.
 *
 * @param publicUrl the address a phone reaches the service at, such as
 * {@code https://coop.example.cn}; the codes link to {@code <publicUrl>/h/<card code>}
 * and {@code <publicUrl>/t/<traceability code>}
 */
@ConfigurationProperties("cooplive.cards")
record CardSettings(@DefaultValue("http://localhost:8080") URI publicUrl) {

	CardSettings {
		if (!"https".equals(publicUrl.getScheme()) && !"http".equals(publicUrl.getScheme())
				|| publicUrl.getHost() == null) {
			throw new IllegalArgumentException("cooplive.cards.public-url must be an http(s) address, such as "
					+ "https://coop.example.cn (COOPLIVE_PUBLIC_URL)");
		}
	}

	/** The public page of a household card. */
	String householdLink(String cardCode) {
		return base() + "/h/" + cardCode;
	}

	/** The public page of a traceability code. */
	String traceLink(String traceCode) {
		return base() + "/t/" + traceCode;
	}

	private String base() {
		String text = this.publicUrl.toString();
		return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
	}

}
