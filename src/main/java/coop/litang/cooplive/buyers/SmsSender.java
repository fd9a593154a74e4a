package coop.litang.cooplive.buyers;

import coop.litang.cooplive.shared.PhoneNumber;
import reactor.core.publisher.Mono;

/**
 * The port through which verification codes reach buyers' phones. An adapter never blocks
 * the caller and fails with {@link SmsNotSent} only.
 */
interface SmsSender {

	/**
	 * Sends a verification code.
	 * @return completes once the provider accepted the message
	 * @throws SmsNotSent with the answer the buyer gets and whether the message may have
	 * gone out all the same
	 */
	Mono<Void> sendCode(PhoneNumber phone, String code);

	/** Whether codes can be sent at all; when not, nothing is stored for a request. */
	default boolean configured() {
		return true;
	}

}
