package coop.litang.cooplive.buyers;

import java.time.Clock;

import coop.litang.cooplive.shared.PhoneNumber;
import coop.litang.cooplive.shared.Secrets;
import coop.litang.cooplive.shared.Unavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import reactor.core.publisher.Mono;

/**
 * Chooses how codes are sent: Aliyun SMS when configured; without a provider, the log
 * under the {@code dev} profile, and nothing elsewhere (a request for a code is then
 * answered {@code 503 SMS_NOT_CONFIGURED}, and everything else works). The {@code log}
 * provider outside {@code dev} stops the start: codes in a production log would let
 * anyone reading it verify any number.
 */
@Configuration(proxyBeanMethods = false)
class SmsConfiguration {

	private static final Logger log = LoggerFactory.getLogger(SmsConfiguration.class);

	@Bean
	SmsSender smsSender(SmsSettings settings, Environment environment, Clock clock) {
		boolean dev = environment.acceptsProfiles(Profiles.of(Secrets.DEV_PROFILE));
		if (SmsSettings.ALIYUN.equals(settings.provider())) {
			return new AliyunSms(settings.aliyun(), settings.timeout(), clock);
		}
		if (SmsSettings.LOG.equals(settings.provider()) && !dev) {
			throw new IllegalStateException("cooplive.sms.provider (COOPLIVE_SMS_PROVIDER) is log, which writes "
					+ "verification codes to the log: only the dev profile accepts it; set aliyun, or leave it empty");
		}
		if (dev) {
			log.warn(
					"No SMS provider (cooplive.sms.provider): verification codes are written to the log (dev profile)");
			return new LoggedSms();
		}
		log.warn("No SMS provider (cooplive.sms.provider): buyers asking for a verification code are answered "
				+ "503 SMS_NOT_CONFIGURED");
		return new NoSms();
	}

	/** No provider outside development: codes are refused before anything is stored. */
	static final class NoSms implements SmsSender {

		@Override
		public Mono<Void> sendCode(PhoneNumber phone, String code) {
			return Mono.error(new SmsNotSent(notConfigured(), false));
		}

		@Override
		public boolean configured() {
			return false;
		}

		static Unavailable notConfigured() {
			return new Unavailable("SMS_NOT_CONFIGURED",
					"verification codes cannot be sent: no SMS provider is configured", null);
		}

	}

}
