package coop.litang.cooplive.testing;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * When a test fails because an answer did not come in time (a test client's
 * {@code Timeout on blocking read}), writes what every thread of the JVM was doing at
 * that moment to {@code target/test-timeouts/} and names the file on standard output, so
 * that a request never answered can be told apart after the run: the service's event
 * loops busy or blocked, a statement waiting for PostgreSQL, or nothing at all waiting on
 * the server (the request never left the client), with the test clients' connections and
 * the requests holding them ({@link TestClientConnections}); a request that found no free
 * connection fails the same way. Registered for every test class (auto-detected).
 */
public class ThreadsOnTimeout implements TestExecutionExceptionHandler {

	static final Path DIRECTORY = Path.of("target", "test-timeouts");

	@Override
	public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
		if (timedOut(failure)) {
			Path file = DIRECTORY.resolve(context.getRequiredTestClass().getSimpleName() + "-"
					+ context.getRequiredTestMethod().getName() + "-" + System.currentTimeMillis() + ".txt");
			String threads = threads(failure);
			System.out.println(
					"== a test timed out waiting for an answer; the JVM's threads (also in " + file + "):\n" + threads);
			try {
				Files.createDirectories(DIRECTORY);
				Files.writeString(file, threads);
			}
			catch (IOException ex) {
				failure.addSuppressed(ex);
			}
		}
		throw failure;
	}

	private static boolean timedOut(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof TimeoutException) {
				return true;
			}
		}
		return false;
	}

	private static String threads(Throwable failure) {
		StringBuilder out = new StringBuilder(failure.toString()).append("\n\n")
			.append(TestClientConnections.describe())
			.append('\n');
		for (ThreadInfo thread : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
			out.append('"')
				.append(thread.getThreadName())
				.append("\" ")
				.append(thread.getThreadState())
				.append(thread.getLockName() != null ? " on " + thread.getLockName() : "")
				.append('\n');
			for (StackTraceElement frame : thread.getStackTrace()) {
				out.append("    at ").append(frame).append('\n');
			}
			out.append('\n');
		}
		return out.toString();
	}

}
