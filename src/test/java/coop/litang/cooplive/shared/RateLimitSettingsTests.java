package coop.litang.cooplive.shared;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The rate limits' settings refuse what cannot be a bucket, naming the key and its
 * environment variable.
 */
class RateLimitSettingsTests {

	@Test
	void namesTheKeyAndVariableOfAValueThatIsNotPositive() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RateLimitSettings.PerAddress(0, 600, Duration.ofMinutes(1)))
			.withMessage("cooplive.rate-limits.per-address.capacity (COOPLIVE_RATE_LIMITS_PER_ADDRESS_CAPACITY) "
					+ "must be positive, was 0");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RateLimitSettings.PerBuyer(5, -1, Duration.ofMinutes(1)))
			.withMessage(
					"cooplive.rate-limits.per-buyer.refill (COOPLIVE_RATE_LIMITS_PER_BUYER_REFILL) must be positive, was -1");
		assertThatIllegalArgumentException().isThrownBy(() -> new RateLimitSettings.PerBuyer(5, 10, Duration.ZERO))
			.withMessageStartingWith(
					"cooplive.rate-limits.per-buyer.period (COOPLIVE_RATE_LIMITS_PER_BUYER_PERIOD) must be at least 1ms");
	}

	@Test
	void aSettingThatIsNotPositiveStopsStartUpNamingIt() {
		new ApplicationContextRunner().withUserConfiguration(Settings.class)
			.withPropertyValues("cooplive.rate-limits.per-address.refill=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessage("cooplive.rate-limits.per-address.refill (COOPLIVE_RATE_LIMITS_PER_ADDRESS_REFILL) "
						+ "must be positive, was 0"));
		new ApplicationContextRunner().withUserConfiguration(Settings.class)
			.run((context) -> assertThat(context.getBean(RateLimitSettings.class).perAddressLimit())
				.isEqualTo(new RateLimit("per-address", 200, 600, Duration.ofMinutes(1))));
	}

	@EnableConfigurationProperties(RateLimitSettings.class)
	static class Settings {

	}

	@Test
	void refusesBucketsTooLargeToCountExactly() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RateLimitSettings.PerAddress(Long.MAX_VALUE / 2, 600, Duration.ofMinutes(1)))
			.withMessageStartingWith("cooplive.rate-limits.per-address is out of range");
	}

	@Test
	void theLimitsAreWhatTheSettingsSay() {
		RateLimitSettings settings = new RateLimitSettings(true,
				new RateLimitSettings.PerAddress(200, 600, Duration.ofMinutes(1)),
				new RateLimitSettings.PerBuyer(5, 10, Duration.ofMinutes(1)));
		assertThat(settings.perAddressLimit()).isEqualTo(new RateLimit("per-address", 200, 600, Duration.ofMinutes(1)));
		assertThat(settings.perBuyerLimit()).isEqualTo(new RateLimit("per-buyer", 5, 10, Duration.ofMinutes(1)));
	}

	@Test
	void aLimitHasAPlainName() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RateLimit("Per Address", 1, 1, Duration.ofSeconds(1)));
		assertThatIllegalArgumentException().isThrownBy(() -> new RateLimit("x:y", 1, 1, Duration.ofSeconds(1)));
	}

}
