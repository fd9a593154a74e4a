package coop.litang.cooplive.identity;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;

import coop.litang.cooplive.shared.TooManyRequests;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Password hashing (bcrypt, tens of milliseconds of CPU each) on threads of its own, a
 * bounded number with a bounded queue: a storm of sign-ins waits its turn or is answered
 * {@code 429 SIGN_IN_BUSY}, and never takes the event loops or the cores a live drop
 * needs.
 */
@Component
class PasswordHashing implements DisposableBean {

	private final PasswordEncoder passwords;

	private final Scheduler hashing;

	PasswordHashing(PasswordEncoder passwords, SignInSettings settings) {
		this.passwords = passwords;
		this.hashing = Schedulers.newBoundedElastic(settings.hashingThreads(), settings.hashingQueue(),
				"password-hashing");
	}

	/** Whether the password matches the hash. */
	Mono<Boolean> matches(String password, String hash) {
		return run(Mono.fromCallable(() -> this.passwords.matches(password, hash)));
	}

	/** The password's hash. */
	Mono<String> encode(String password) {
		return run(Mono.fromCallable(() -> this.passwords.encode(password)));
	}

	private <T> Mono<T> run(Mono<T> work) {
		return work.subscribeOn(this.hashing)
			.onErrorMap(RejectedExecutionException.class, (ex) -> new TooManyRequests("SIGN_IN_BUSY",
					"too many sign-ins at once; try again in a moment", Duration.ofSeconds(1)));
	}

	@Override
	public void destroy() {
		this.hashing.dispose();
	}

}
