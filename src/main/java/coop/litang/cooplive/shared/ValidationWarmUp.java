package coop.litang.cooplive.shared;

import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Bean Validation reads its message bundles from the class path the first time a
 * constraint fails. Failing one constraint at start-up, on the main thread, keeps that
 * file read off the event loop of the first bad request.
 */
@Component
class ValidationWarmUp implements SmartInitializingSingleton {

	private final Validator validator;

	ValidationWarmUp(Validator validator) {
		this.validator = validator;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.validator.validate(new Sample(null));
	}

	record Sample(@NotNull String value) {
	}

}
