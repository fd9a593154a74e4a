package coop.litang.cooplive.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Netty's buffer leak detection at {@code paranoid} for the whole test run, and a failure
 * for the test class after which a leak is reported: every buffer is tracked, and one
 * that is garbage-collected without being released is a bug of ours (or of a library we
 * call) to find, not a log line to ignore. Installed before any test runs (as a launcher
 * session listener); each test class is checked when it ends (as an extension that JUnit
 * finds by itself).
 */
public class LeakDetection implements LauncherSessionListener, AfterAllCallback {

	private static final List<String> REPORTS = new CopyOnWriteArrayList<>();

	private static volatile boolean installed;

	@Override
	public void launcherSessionOpened(LauncherSession session) {
		install();
	}

	static synchronized void install() {
		if (installed) {
			return;
		}
		ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
		ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {

			@Override
			public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
					long maxActive) {
				return new Recording<>(resource, samplingInterval);
			}

		});
		installed = true;
	}

	@Override
	public void afterAll(ExtensionContext context) throws Exception {
		// a leak is reported when the collected buffer's reference is polled, which
		// happens on the next tracked allocation after a garbage collection
		for (int round = 0; round < 3 && REPORTS.isEmpty(); round++) {
			System.gc();
			Thread.sleep(50);
			poke();
		}
		if (!REPORTS.isEmpty()) {
			String reports = String.join("\n\n", REPORTS);
			REPORTS.clear();
			throw new AssertionError("Netty reported buffers never released (leak detection paranoid):\n" + reports);
		}
	}

	private static void poke() {
		for (int i = 0; i < 8; i++) {
			ByteBuf pooled = PooledByteBufAllocator.DEFAULT.directBuffer(16);
			pooled.release();
			ByteBuf unpooled = UnpooledByteBufAllocator.DEFAULT.heapBuffer(16);
			unpooled.release();
		}
	}

	/** The leaks reported so far and not yet failed on; for tests of this check. */
	static List<String> reports() {
		return REPORTS;
	}

	private static final class Recording<T> extends ResourceLeakDetector<T> {

		Recording(Class<T> resource, int samplingInterval) {
			super(resource, samplingInterval);
		}

		@Override
		protected boolean needReport() {
			return true;
		}

		@Override
		protected void reportTracedLeak(String resourceType, String records) {
			REPORTS
				.add("LEAK: " + resourceType + ".release() was not called before it was garbage-collected." + records);
			super.reportTracedLeak(resourceType, records);
		}

		@Override
		protected void reportUntracedLeak(String resourceType) {
			REPORTS.add("LEAK: " + resourceType + ".release() was not called before it was garbage-collected.");
			super.reportUntracedLeak(resourceType);
		}

	}

}
