package coop.litang.cooplive.shared;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Work done every interval on this instance, one run at a time; a failed run is logged
 * and the next one comes on time. On shutdown no new run starts and the current one may
 * finish (up to ten seconds).
 */
public abstract class PeriodicJob implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(PeriodicJob.class);

	private static final Duration STOP_WAIT = Duration.ofSeconds(10);

	private final String name;

	private final Duration initialDelay;

	private final Duration interval;

	private final AtomicBoolean busy = new AtomicBoolean();

	private volatile boolean stopping;

	private volatile Disposable running;

	protected PeriodicJob(String name, Duration initialDelay, Duration interval) {
		this.name = name;
		this.initialDelay = initialDelay;
		this.interval = interval;
	}

	/** One tick's work. */
	protected abstract Mono<?> tick();

	protected String name() {
		return this.name;
	}

	protected Duration interval() {
		return this.interval;
	}

	@Override
	public void start() {
		this.stopping = false;
		this.running = Flux.interval(this.initialDelay, this.interval)
			.onBackpressureDrop()
			.filter((tick) -> !this.stopping)
			.concatMap((tick) -> Mono.defer(() -> {
				this.busy.set(true);
				// checked again once busy: stop() either sees this run or it sees none
				return this.stopping ? Mono.empty() : tick();
			}).onErrorResume((ex) -> {
				log.warn("{} failed: {}", this.name, ex.toString());
				return Mono.empty();
			}).doFinally((signal) -> this.busy.set(false)), 1)
			.subscribe();
	}

	// called by the thread closing the application context, never an event loop: it may
	// wait for the run in progress
	@Override
	public void stop() {
		this.stopping = true;
		long deadline = System.nanoTime() + STOP_WAIT.toNanos();
		while (this.busy.get() && System.nanoTime() < deadline) {
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		Disposable current = this.running;
		if (current != null) {
			current.dispose();
		}
		this.running = null;
	}

	@Override
	public boolean isRunning() {
		return this.running != null;
	}

}
