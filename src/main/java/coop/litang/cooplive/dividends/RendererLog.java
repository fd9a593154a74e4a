package coop.litang.cooplive.dividends;

import java.util.logging.Level;

import com.openhtmltopdf.util.Diagnostic;
import com.openhtmltopdf.util.XRLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PDF renderer's messages through SLF4J, like every other log line, instead of its
 * own console handler: its warnings and errors as such, its chatty progress notes
 * ("Loading font...") at debug.
 */
final class RendererLog implements XRLogger {

	@Override
	public void log(String where, Level level, String message) {
		log(where, level, message, null);
	}

	@Override
	public void log(String where, Level level, String message, Throwable error) {
		Logger log = LoggerFactory.getLogger(where);
		if (level.intValue() >= Level.SEVERE.intValue()) {
			log.error(message, error);
		}
		else if (level.intValue() >= Level.WARNING.intValue()) {
			log.warn(message, error);
		}
		else {
			log.debug(message, error);
		}
	}

	@Override
	public void setLevel(String logger, Level level) {
		// levels are the logging configuration's
	}

	@Override
	public boolean isLogLevelEnabled(Diagnostic diagnostic) {
		Logger log = LoggerFactory.getLogger("com.openhtmltopdf");
		return (diagnostic.getLevel().intValue() >= Level.WARNING.intValue()) ? log.isWarnEnabled()
				: log.isDebugEnabled();
	}

}
