package coop.litang.cooplive.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * A test that timed out waiting for an answer leaves the JVM's threads in a file and
 * fails as it would have; any other failure leaves nothing.
 */
class ThreadsOnTimeoutTests {

	@Test
	void aTimeoutLeavesTheThreadsAndStillFails() throws Exception {
		ExtensionContext context = context("aTimeoutLeavesTheThreadsAndStillFails");
		IllegalStateException failure = new IllegalStateException("Timeout on blocking read",
				new TimeoutException("no answer"));
		List<Path> before = files();
		assertThatThrownBy(() -> new ThreadsOnTimeout().handleTestExecutionException(context, failure))
			.isSameAs(failure);
		List<Path> written = files().stream().filter((file) -> !before.contains(file)).toList();
		assertThat(written).hasSize(1);
		assertThat(Files.readString(written.get(0))).contains("Timeout on blocking read", "\"main\"");
	}

	@Test
	void anyOtherFailureLeavesNothing() throws Exception {
		ExtensionContext context = context("anyOtherFailureLeavesNothing");
		AssertionError failure = new AssertionError("expected 404");
		List<Path> before = files();
		assertThatThrownBy(() -> new ThreadsOnTimeout().handleTestExecutionException(context, failure))
			.isSameAs(failure);
		assertThat(files()).isEqualTo(before);
	}

	private static ExtensionContext context(String method) throws NoSuchMethodException {
		ExtensionContext context = mock(ExtensionContext.class);
		given(context.getRequiredTestClass()).willAnswer((invocation) -> ThreadsOnTimeoutTests.class);
		given(context.getRequiredTestMethod()).willReturn(ThreadsOnTimeoutTests.class.getDeclaredMethod(method));
		return context;
	}

	private static List<Path> files() throws Exception {
		if (!Files.isDirectory(ThreadsOnTimeout.DIRECTORY)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(ThreadsOnTimeout.DIRECTORY)) {
			return files.filter((file) -> file.getFileName().toString().startsWith("ThreadsOnTimeoutTests"))
				.sorted()
				.toList();
		}
	}

}
