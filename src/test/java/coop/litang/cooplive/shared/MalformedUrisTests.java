package coop.litang.cooplive.shared;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shortcut for plain request targets never calls a URI well-formed that {@link URI}
 * refuses.
 */
class MalformedUrisTests {

	private static final String ALPHABET = "aZ09-_.!~*'()/?:@&=+$,;%[]# \"<>\\^`{|}é";

	@Test
	void plainTargetsAreAlwaysURIs() {
		Random random = new Random(20261201);
		int plain = 0;
		for (int i = 0; i < 200_000; i++) {
			StringBuilder target = new StringBuilder(random.nextInt(4) == 0 ? "" : "/");
			int length = random.nextInt(12);
			for (int j = 0; j < length; j++) {
				target.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
			}
			String uri = target.toString();
			if (MalformedUris.plain(uri)) {
				plain++;
				assertThat(parses(uri)).as(uri).isTrue();
			}
			assertThat(MalformedUris.malformed(uri)).as(uri).isEqualTo(!parses(uri));
		}
		assertThat(plain).isGreaterThan(1_000);
	}

	@Test
	void theStorefrontsTargetsAreShortcut() {
		assertThat(MalformedUris.plain("/api/v1/storefront/orders")).isTrue();
		assertThat(MalformedUris.plain("/api/v1/storefront/sessions?page=2&size=20")).isTrue();
		assertThat(MalformedUris.plain("/api/v1/storefront/orders/%zz")).isFalse();
		assertThat(MalformedUris.malformed("/api/v1/storefront/orders/%zz")).isTrue();
		assertThat(MalformedUris.plain("//host/path")).isFalse();
	}

	private static boolean parses(String uri) {
		try {
			new URI(uri);
			return true;
		}
		catch (URISyntaxException ex) {
			return false;
		}
	}

}
