package coop.litang.cooplive.buyers;

import coop.litang.cooplive.shared.PhoneNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Development runs without an SMS provider: the code is written to the log, where the
 * developer reads it. Only the {@code dev} profile uses it ({@link SmsConfiguration}).
 */
final class LoggedSms implements SmsSender {

	private static final Logger log = LoggerFactory.getLogger(LoggedSms.class);

	@Override
	public Mono<Void> sendCode(PhoneNumber phone, String code) {
		return Mono.fromRunnable(() -> log.warn("no SMS provider (dev profile): the verification code for {} is {}",
				phone.masked(), code));
	}

}
