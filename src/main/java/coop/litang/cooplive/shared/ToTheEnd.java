package coop.litang.cooplive.shared;

import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Work that runs to its end whatever happens to the one waiting for it: a caller that
 * goes away (a request past its deadline, a client that hung up) stops waiting, and the
 * work is not cut half-way. What it ends in after the caller left is dropped (an error is
 * logged at debug).
 */
public final class ToTheEnd {

	private static final Logger log = LoggerFactory.getLogger(ToTheEnd.class);

	private ToTheEnd() {
	}

	/** The work, subscribed on its own with the caller's context. */
	public static <T> Mono<T> run(Mono<T> work) {
		return Mono.deferContextual((context) -> Mono.<T>create((sink) -> {
			AtomicBoolean gone = new AtomicBoolean();
			sink.onCancel(() -> gone.set(true));
			work.contextWrite(context).subscribe(sink::success, (ex) -> {
				if (gone.get()) {
					log.debug("work whose caller went away ended in {}", ex.toString());
				}
				else {
					sink.error(ex);
				}
			}, sink::success);
		}));
	}

}
