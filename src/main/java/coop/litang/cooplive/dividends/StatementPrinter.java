package coop.litang.cooplive.dividends;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.outputdevice.helper.ExternalResourceControlPriority;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.util.XRLog;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Renders statement XHTML to PDF with openhtmltopdf (PDFBox), embedding the fonts shipped
 * in the jar ({@code fonts/}: DejaVu Sans for Latin, Droid Sans Fallback for Chinese),
 * subset to the glyphs used. Rendering blocks and takes CPU, so it runs on the bounded
 * document threads ({@link DocumentWork}), never on an event loop. The fonts are read
 * from the jar once and kept.
 */
@Component
class StatementPrinter {

	private static final List<String[]> FONTS = List.of(
			new String[] { "fonts/DejaVuSans.ttf", StatementDocument.LATIN_FONT },
			new String[] { "fonts/DroidSansFallbackFull.ttf", StatementDocument.CJK_FONT });

	static {
		XRLog.setLoggerImpl(new RendererLog());
	}

	private final DocumentWork work;

	private volatile List<byte[]> fonts;

	StatementPrinter(DocumentWork work) {
		this.work = work;
	}

	/**
	 * The document as PDF, rendered on the document threads.
	 * @throws coop.litang.cooplive.shared.Unavailable {@code DOCUMENTS_BUSY} when too
	 * many are waiting
	 */
	Mono<byte[]> pdf(String xhtml) {
		return this.work.run(() -> render(xhtml));
	}

	byte[] render(String xhtml) throws IOException {
		List<byte[]> loaded = fonts();
		ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
		PdfRendererBuilder builder = new PdfRendererBuilder();
		builder.useFastMode();
		// the document is ours, but nothing in it may make the renderer fetch anything
		builder.useExternalResourceAccessControl((uri, type) -> false,
				ExternalResourceControlPriority.RUN_BEFORE_RESOLVING_URI);
		builder.useExternalResourceAccessControl((uri, type) -> false,
				ExternalResourceControlPriority.RUN_AFTER_RESOLVING_URI);
		for (int i = 0; i < FONTS.size(); i++) {
			byte[] font = loaded.get(i);
			builder.useFont(() -> new ByteArrayInputStream(font), FONTS.get(i)[1], 400, FontStyle.NORMAL, true);
		}
		builder.withProducer("cooplive");
		builder.withHtmlContent(xhtml, null);
		builder.toStream(out);
		builder.run();
		return out.toByteArray();
	}

	private List<byte[]> fonts() {
		List<byte[]> loaded = this.fonts;
		if (loaded == null) {
			synchronized (this) {
				loaded = this.fonts;
				if (loaded == null) {
					loaded = FONTS.stream().map((font) -> read(font[0])).toList();
					this.fonts = loaded;
				}
			}
		}
		return loaded;
	}

	private static byte[] read(String path) {
		try (InputStream in = new ClassPathResource(path).getInputStream()) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("the statement font " + path + " is missing from the jar", ex);
		}
	}

}
