package coop.litang.cooplive.dividends;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How much document work (statement PDFs, reading uploaded workbooks) may run at once on
 * an instance.
 *
 * @param threads documents made at once
 * @param queue documents waiting to be made; past it they are answered
 * {@code 503 DOCUMENTS_BUSY}
 */
@ConfigurationProperties("cooplive.dividends.documents")
record DocumentSettings(@DefaultValue("1") int threads, @DefaultValue("16") int queue) {

	DocumentSettings {
		if (threads < 1 || queue < 1) {
			throw new IllegalArgumentException("cooplive.dividends.documents.threads and .queue must be at least 1");
		}
	}

}
