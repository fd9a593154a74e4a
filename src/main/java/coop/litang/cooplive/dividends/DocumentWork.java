package coop.litang.cooplive.dividends;

import java.time.Duration;
import java.util.concurrent.Callable;

import coop.litang.cooplive.shared.BoundedWork;
import coop.litang.cooplive.shared.Unavailable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The accountants' heavy work (rendering statement PDFs, reading uploaded workbooks) on
 * threads of its own, bounded: it blocks and takes CPU, so it never runs on an event
 * loop, and however many statements are asked for at once it takes no more than
 * {@code cooplive.dividends.documents.threads} of the instance's cores from a drop on the
 * same instance. Work past the queue is answered {@code 503 DOCUMENTS_BUSY} with a
 * {@code Retry-After}.
 */
@Component
class DocumentWork implements DisposableBean {

	private final BoundedWork threads;

	DocumentWork(DocumentSettings settings) {
		this.threads = new BoundedWork(settings.threads(), settings.queue(), "documents",
				() -> new Unavailable("DOCUMENTS_BUSY", "too many documents are being made at once; try again shortly",
						Duration.ofSeconds(5)));
	}

	/** The work, done on the document threads. */
	<T> Mono<T> run(Callable<T> work) {
		return this.threads.run(work);
	}

	@Override
	public void destroy() {
		this.threads.dispose();
	}

}
