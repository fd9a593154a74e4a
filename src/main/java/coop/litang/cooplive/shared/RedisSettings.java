package coop.litang.cooplive.shared;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Redis is and how long to wait for it. Redis accelerates; PostgreSQL stays the
 * truth, so short timeouts are preferred to long waits.
 *
 * @param address {@code redis://host:port}
 * @param password optional password
 * @param keyPrefix prefix of every key cooplive writes, so several deployments or test
 * runs can share one server
 * @param timeout how long one command may take
 * @param connectTimeout how long connecting may take
 * @param reconnectInterval how often to try again while Redis could not be reached at
 * start-up
 */
@ConfigurationProperties("cooplive.redis")
public record RedisSettings(@DefaultValue("redis://127.0.0.1:6379") String address, String password,
		@DefaultValue("cooplive:") String keyPrefix, @DefaultValue("500ms") Duration timeout,
		@DefaultValue("1s") Duration connectTimeout, @DefaultValue("5s") Duration reconnectInterval) {

	/** The full name of a key: the prefix, then the parts joined by colons. */
	public String key(String... parts) {
		return this.keyPrefix + String.join(":", parts);
	}

	@Override
	public String toString() {
		return "RedisSettings[address=" + this.address + ", keyPrefix=" + this.keyPrefix + "]";
	}

}
