package coop.litang.cooplive.identity;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import coop.litang.cooplive.shared.BoundedWork;
import coop.litang.cooplive.shared.TooManyRequests;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Password hashing (bcrypt, tens of milliseconds of CPU each) on threads of its own, a
 * bounded number with a bounded queue: a storm of sign-ins waits its turn or is answered
 * {@code 429 SIGN_IN_BUSY}, and never takes the event loops or the cores a live drop
 * needs.
 */
@Component
class PasswordHashing implements DisposableBean {

	private final PasswordEncoder passwords;

	private final BoundedWork hashing;

	private final int perAddress;

	// sign-ins being hashed or waiting for it, by client address
	private final Map<String, Integer> byAddress = new ConcurrentHashMap<>();

	PasswordHashing(PasswordEncoder passwords, SignInSettings settings) {
		this.passwords = passwords;
		this.perAddress = settings.hashingPerAddress();
		this.hashing = new BoundedWork(settings.hashingThreads(), settings.hashingQueue(), "password-hashing",
				PasswordHashing::busy);
	}

	/** Whether the password matches the hash. */
	Mono<Boolean> matches(String password, String hash) {
		return this.hashing.run(() -> this.passwords.matches(password, hash));
	}

	/**
	 * A whole sign-in from a client address (its lock checked, its password hashed, its
	 * failure counted), of which at most {@code hashing-per-address} run at once: the
	 * others are answered {@code 429 SIGN_IN_BUSY}. The place is held until the failure
	 * is counted, so that when the address's lock is set no more than the others holding
	 * a place can still be hashed: one address cannot fill the queue, and a storm from it
	 * costs at most its failures before the lock and these.
	 */
	<T> Mono<T> oneOf(String address, Mono<T> signIn) {
		if (address == null) {
			return signIn;
		}
		return Mono.defer(() -> {
			int[] held = { 0 };
			this.byAddress.compute(address, (key, count) -> {
				held[0] = (count == null) ? 1 : count + 1;
				return held[0];
			});
			if (held[0] > this.perAddress) {
				release(address);
				return Mono.error(busy());
			}
			return signIn.doFinally((signal) -> release(address));
		});
	}

	private void release(String address) {
		this.byAddress.computeIfPresent(address, (key, count) -> (count <= 1) ? null : count - 1);
	}

	private static TooManyRequests busy() {
		return new TooManyRequests("SIGN_IN_BUSY", "too many sign-ins at once; try again in a moment",
				Duration.ofSeconds(1));
	}

	/** The password's hash. */
	Mono<String> encode(String password) {
		return this.hashing.run(() -> this.passwords.encode(password));
	}

	@Override
	public void destroy() {
		this.hashing.dispose();
	}

}
