package coop.litang.cooplive.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LeakDetectionTests {

	@Test
	void aBufferCollectedWithoutReleaseIsReported() throws Exception {
		LeakDetection.install();
		leak();
		for (int round = 0; round < 20 && LeakDetection.reports().isEmpty(); round++) {
			System.gc();
			Thread.sleep(50);
			PooledByteBufAllocator.DEFAULT.directBuffer(16).release();
		}
		try {
			assertThat(LeakDetection.reports()).anySatisfy((report) -> assertThat(report).startsWith("LEAK: ByteBuf"));
		}
		finally {
			// this leak is on purpose: the class check after this test must not fail on
			// it
			LeakDetection.reports().clear();
		}
	}

	private static void leak() {
		ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(64);
		buffer.writeLong(42);
	}

}
