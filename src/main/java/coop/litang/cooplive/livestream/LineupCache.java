package coop.litang.cooplive.livestream;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * A session's status and line-up (prices, quotas, limits) kept in memory for a moment, so
 * that answering a buyer in a drop does not read PostgreSQL for what barely changes. A
 * stale entry cannot oversell: the guarded updates in PostgreSQL decide; it can only send
 * an order to PostgreSQL that will be refused there, for at most {@link #TTL}.
 */
@Component
class LineupCache {

	static final Duration TTL = Duration.ofSeconds(1);

	record Entry(Sessions.Header header, List<Sessions.Item> items, long loadedAt) {

		/** The line-up item selling a SKU, when there is one. */
		Optional<Sessions.Item> item(String skuCode) {
			for (Sessions.Item item : this.items) {
				if (item.skuCode().equals(skuCode)) {
					return Optional.of(item);
				}
			}
			return Optional.empty();
		}

		boolean fresh() {
			return System.nanoTime() - this.loadedAt < TTL.toNanos();
		}

	}

	private final Map<UUID, Mono<Entry>> entries = new ConcurrentHashMap<>();

	// the entries loaded, for a look without subscribing to anything
	private final Map<UUID, Entry> loaded = new ConcurrentHashMap<>();

	private final Sessions sessions;

	LineupCache(Sessions sessions) {
		this.sessions = sessions;
	}

	/**
	 * The session and its items, read at most {@link #TTL} ago; empty for an unknown
	 * session.
	 */
	Mono<Entry> get(UUID sessionId) {
		return this.entries.compute(sessionId, (id, current) -> (current != null) ? current : load(id))
			.flatMap((entry) -> {
				if (entry.fresh()) {
					return Mono.just(entry);
				}
				this.entries.remove(sessionId);
				this.loaded.remove(sessionId, entry);
				return get(sessionId);
			});
	}

	/**
	 * The session's entry when one was loaded less than {@link #TTL} ago, else
	 * {@code null} (then {@link #get} loads it): for the hottest callers, which need no
	 * reactive step for what is already in memory.
	 */
	Entry loaded(UUID sessionId) {
		Entry entry = this.loaded.get(sessionId);
		return (entry != null && entry.fresh()) ? entry : null;
	}

	/** Drops a session's entry after its host changed it. */
	void evict(UUID sessionId) {
		this.entries.remove(sessionId);
		this.loaded.remove(sessionId);
	}

	private Mono<Entry> load(UUID sessionId) {
		return this.sessions.header(sessionId)
			.flatMap((header) -> this.sessions.items(sessionId)
				.collectList()
				.map((items) -> new Entry(header, List.copyOf(items), System.nanoTime())))
			.doOnError((ex) -> this.entries.remove(sessionId))
			.doOnSuccess((entry) -> {
				if (entry == null) {
					this.entries.remove(sessionId);
				}
				else {
					this.loaded.put(sessionId, entry);
				}
			})
			.cache();
	}

}
