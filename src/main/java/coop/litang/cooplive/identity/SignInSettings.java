package coop.litang.cooplive.identity;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How sign-ins are throttled and how much password hashing may run at once.
 *
 * @param window how long failed sign-ins are remembered
 * @param userFailures failures of one username within the window before it is locked
 * @param addressFailures failures from one client address within the window before it is
 * locked
 * @param firstLock the first lock; each further failure doubles it
 * @param longestLock the longest lock
 * @param hashingThreads password hashes computed at once on an instance
 * @param hashingQueue sign-ins waiting for a hash; past it they are answered 429
 * @param hashingPerAddress sign-ins from one client address under way at once on an
 * instance (checked, hashed or waiting for a hash, their failure being counted); past it
 * they are answered 429 (so that a storm from one address costs at most its failures
 * before the lock and these)
 */
@ConfigurationProperties("cooplive.identity.sign-in")
record SignInSettings(@DefaultValue("15m") Duration window, @DefaultValue("5") int userFailures,
		@DefaultValue("20") int addressFailures, @DefaultValue("1s") Duration firstLock,
		@DefaultValue("15m") Duration longestLock, @DefaultValue("1") int hashingThreads,
		@DefaultValue("32") int hashingQueue, @DefaultValue("4") int hashingPerAddress) {

	SignInSettings {
		if (userFailures < 1 || addressFailures < 1 || hashingThreads < 1 || hashingQueue < 1
				|| hashingPerAddress < 1) {
			throw new IllegalArgumentException("cooplive.identity.sign-in counts must be at least 1");
		}
		if (window.isNegative() || window.isZero() || firstLock.isNegative() || firstLock.isZero()
				|| longestLock.compareTo(firstLock) < 0) {
			throw new IllegalArgumentException(
					"cooplive.identity.sign-in durations must be positive, the longest lock at least the first");
		}
	}

}
