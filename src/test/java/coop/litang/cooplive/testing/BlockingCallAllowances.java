package coop.litang.cooplive.testing;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * BlockHound's exceptions for calls that look blocking but are not a problem on an event
 * loop: reading /dev/urandom for random UUIDs never waits, and idle worker threads
 * waiting for work are not serving anyone.
 */
class BlockingCallAllowances implements BlockHoundIntegration {

	@Override
	public void applyTo(BlockHound.Builder builder) {
		builder.allowBlockingCallsInside("java.util.UUID", "randomUUID");
		// a multipart body's boundary is random bytes from /dev/urandom too (the tests'
		// uploads)
		builder.allowBlockingCallsInside("org.springframework.util.MimeTypeUtils", "generateMultipartBoundary");
		// Jackson builds a type's (de)serializer once, under a short lock that other
		// threads may wait on during the first concurrent requests
		builder.allowBlockingCallsInside("tools.jackson.databind.deser.DeserializerCache",
				"_createAndCacheValueDeserializer");
		builder.allowBlockingCallsInside("tools.jackson.databind.ser.SerializerCache",
				"addAndResolveNonTypedSerializer");
		// Netty's pooled buffer allocator briefly locks a magazine it shares
		builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$Magazine", "free");
		// Hibernate Validator caches a type's constraints once, under a short segment
		// lock
		builder.allowBlockingCallsInside("org.hibernate.validator.internal.util.ConcurrentReferenceHashMap$Segment",
				"put");
		// Redisson guards its connection queues with short locks on its own event loops,
		// and hands connection work to an executor whose submission briefly locks
		builder.allowBlockingCallsInside("org.redisson.misc.WrappedLock", "execute");
		builder.allowBlockingCallsInside("java.util.concurrent.ThreadPoolExecutor", "execute");
		// Redisson runs callbacks on a worker pool ("redisson-N-M") whose idle threads
		// wait for work; its event loops ("redisson-netty-...") stay watched. No regular
		// expressions here: this runs inside BlockHound's instrumentation.
		builder.nonBlockingThreadPredicate((current) -> current.and((thread) -> !isRedissonWorker(thread)));
	}

	private static boolean isRedissonWorker(Thread thread) {
		String name = thread.getName();
		return name.startsWith("redisson-") && name.length() > 9 && Character.isDigit(name.charAt(9));
	}

}
