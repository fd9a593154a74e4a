package coop.litang.cooplive.shared;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.api.RedissonReactiveClient;
import org.redisson.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The Redisson client, reachable without ever blocking a caller or failing start-up.
 * Redisson connects eagerly and blockingly, so the first connection is made at start-up
 * on the main thread; when Redis is not there, the service starts anyway and keeps trying
 * in the background. Once connected, Redisson reconnects on its own after outages.
 */
@Component
public class RedisAccess implements InitializingBean, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(RedisAccess.class);

	private final RedisSettings settings;

	private final AtomicReference<RedissonClient> client = new AtomicReference<>();

	private volatile Disposable reconnecting;

	RedisAccess(RedisSettings settings) {
		this.settings = settings;
	}

	/** The reactive client, or {@link RedisUnavailable} while Redis was never reached. */
	public Mono<RedissonReactiveClient> reactive() {
		RedissonClient current = this.client.get();
		return (current != null) ? Mono.just(current.reactive())
				: Mono.error(new RedisUnavailable("Redis at " + this.settings.address() + " is not connected"));
	}

	/** Whether a client exists; commands may still fail while Redis is away. */
	public boolean connected() {
		return this.client.get() != null;
	}

	public RedisSettings settings() {
		return this.settings;
	}

	@Override
	public void afterPropertiesSet() {
		if (!tryConnect()) {
			this.reconnecting = Flux.interval(this.settings.reconnectInterval())
				.onBackpressureDrop()
				.concatMap((tick) -> Mono.fromCallable(this::tryConnect).subscribeOn(Schedulers.boundedElastic()))
				.takeUntil((connected) -> connected)
				.subscribe();
		}
	}

	private boolean tryConnect() {
		if (this.client.get() != null) {
			return true;
		}
		try {
			RedissonClient created = Redisson.create(config());
			if (!this.client.compareAndSet(null, created)) {
				created.shutdown();
			}
			log.info("Connected to Redis at {}", this.settings.address());
			return true;
		}
		catch (RuntimeException ex) {
			log.warn("Redis at {} is not reachable ({}); selling on PostgreSQL alone, retrying every {}",
					this.settings.address(), ex.getMessage(), this.settings.reconnectInterval());
			return false;
		}
	}

	private Config config() {
		Config config = new Config();
		var server = config.useSingleServer()
			.setAddress(this.settings.address())
			.setTimeout(millis(this.settings.timeout()))
			.setConnectTimeout(millis(this.settings.connectTimeout()))
			.setRetryAttempts(1)
			.setConnectionMinimumIdleSize(2)
			.setConnectionPoolSize(32)
			.setSubscriptionConnectionMinimumIdleSize(1);
		if (this.settings.password() != null && !this.settings.password().isBlank()) {
			server.setPassword(this.settings.password());
		}
		return config;
	}

	private static int millis(Duration duration) {
		return (int) duration.toMillis();
	}

	@Override
	public void destroy() {
		if (this.reconnecting != null) {
			this.reconnecting.dispose();
		}
		RedissonClient current = this.client.getAndSet(null);
		if (current != null) {
			current.shutdown();
		}
	}

}
