package coop.litang.cooplive.testing;

import java.util.ServiceLoader;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Installs BlockHound before any test runs, so a blocking call on an event loop fails the
 * test that made it. The libraries' own integrations (Reactor, Netty) apply first and
 * {@link BlockingCallAllowances} last, since it refines their thread rules.
 */
public class BlockHoundInstaller implements LauncherSessionListener {

	private static volatile boolean installed;

	@Override
	public void launcherSessionOpened(LauncherSession session) {
		if (installed) {
			return;
		}
		synchronized (BlockHoundInstaller.class) {
			if (!installed) {
				BlockHound.Builder builder = BlockHound.builder();
				ServiceLoader.load(BlockHoundIntegration.class).forEach(builder::with);
				builder.with(new BlockingCallAllowances());
				builder.install();
				installed = true;
			}
		}
	}

}
