package coop.litang.cooplive.payments;

import java.time.Instant;
import java.util.EnumSet;
import java.util.UUID;
import java.util.function.BiFunction;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** A refund's life: how each kind starts, and the only ways a pending refund ends. */
class RefundTests {

	private static final Instant ASKED = Instant.parse("2026-11-30T08:00:00Z");

	private static final Instant ANSWERED = ASKED.plusSeconds(3);

	private static final UUID ORDER = UUID.randomUUID();

	private static Refund manual() {
		return Refund.manual(ORDER, "pi_1", 500, "damaged in transit", "key-1", "hash-1", "admin", ASKED);
	}

	private static Refund in(RefundStatus status) {
		Refund refund = manual();
		return new Refund(refund.id(), refund.orderId(), refund.paymentIntent(), refund.amountFen(), refund.reason(),
				refund.trigger(), refund.againstOrder(), refund.idempotencyKey(), refund.requestHash(), status,
				"re_known", (status == RefundStatus.FAILED) ? "declined" : null, refund.requestedBy(),
				refund.createdAt(), refund.updatedAt());
	}

	@Test
	void aManualRefundStartsPendingAgainstTheOrderWithTheCallersKey() {
		Refund refund = manual();

		assertThat(refund.status()).isEqualTo(RefundStatus.PENDING);
		assertThat(refund.pending()).isTrue();
		assertThat(refund.trigger()).isEqualTo(RefundTrigger.MANUAL);
		assertThat(refund.againstOrder()).isTrue();
		assertThat(refund.idempotencyKey()).isEqualTo("key-1");
		assertThat(refund.requestHash()).isEqualTo("hash-1");
		assertThat(refund.requestedBy()).isEqualTo("admin");
		assertThat(refund.stripeRefundId()).isNull();
		assertThat(refund.createdAt()).isEqualTo(ASKED).isEqualTo(refund.updatedAt());
	}

	@Test
	void anAutomaticRefundReturnsAPaymentTheOrderNeverTookOncePerPaymentIntent() {
		Refund refund = Refund.automatic(ORDER, "pi_1", 1999, "order is CANCELLED", ASKED);

		assertThat(refund.trigger()).isEqualTo(RefundTrigger.AUTOMATIC);
		assertThat(refund.againstOrder()).isFalse();
		assertThat(refund.idempotencyKey()).isEqualTo("automatic:pi_1");
		assertThat(refund.requestHash()).isEqualTo("automatic");
		assertThat(refund.requestedBy()).isEqualTo(PaymentManagement.ACTOR);
		assertThat(refund.pending()).isTrue();
	}

	@Test
	void anExternalRefundCountsAgainstTheOrderWithAKeyOfItsOwn() {
		Refund one = Refund.external(ORDER, "pi_1", 300, ASKED);
		Refund other = Refund.external(ORDER, "pi_1", 300, ASKED);

		assertThat(one.trigger()).isEqualTo(RefundTrigger.EXTERNAL);
		assertThat(one.againstOrder()).isTrue();
		assertThat(one.reason()).isEqualTo("refunded in Stripe");
		assertThat(one.requestedBy()).isEqualTo("stripe");
		assertThat(one.requestHash()).isEqualTo("external");
		assertThat(one.idempotencyKey()).startsWith("external:").isNotEqualTo(other.idempotencyKey());
		assertThat(one.id()).isNotEqualTo(other.id());
	}

	@Test
	void refusesAnAmountThatIsNotPositive() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Refund.manual(ORDER, "pi_1", 0, "why", "key", "hash", "admin", ASKED));
		assertThatIllegalArgumentException().isThrownBy(() -> Refund.automatic(ORDER, "pi_1", -1, "why", ASKED));
	}

	@Test
	void succeedsWithStripesRefundAndLeavesTheOriginalAsItWas() {
		Refund pending = manual();

		Refund succeeded = pending.succeeded("re_1", ANSWERED);

		assertThat(succeeded.status()).isEqualTo(RefundStatus.SUCCEEDED);
		assertThat(succeeded.stripeRefundId()).isEqualTo("re_1");
		assertThat(succeeded.failure()).isNull();
		assertThat(succeeded.updatedAt()).isEqualTo(ANSWERED);
		assertThat(succeeded.createdAt()).isEqualTo(ASKED);
		assertThat(succeeded.view().status()).isEqualTo(RefundStatus.SUCCEEDED);
		assertThat(pending.status()).isEqualTo(RefundStatus.PENDING);
		assertThat(pending.updatedAt()).isEqualTo(ASKED);
	}

	@Test
	void failsWithWhyAndKeepsTheKnownStripeRefundWhenStripeNamesNone() {
		Refund failed = in(RefundStatus.PENDING).failed(null, "card expired", ANSWERED);

		assertThat(failed.status()).isEqualTo(RefundStatus.FAILED);
		assertThat(failed.stripeRefundId()).isEqualTo("re_known");
		assertThat(failed.failure()).isEqualTo("card expired");
		assertThat(failed.pending()).isFalse();
	}

	@Test
	void aPendingRefundEndsEitherWayAndAnEndedOneNeverMovesAgain() {
		assertThat(RefundStatus.PENDING.next()).containsExactlyInAnyOrder(RefundStatus.SUCCEEDED, RefundStatus.FAILED);
		assertThat(RefundStatus.SUCCEEDED.next()).isEmpty();
		assertThat(RefundStatus.FAILED.next()).isEmpty();
		for (RefundStatus from : RefundStatus.values()) {
			assertThat(from.canMoveTo(RefundStatus.PENDING)).isFalse();
		}
	}

	@ParameterizedTest
	@EnumSource(RefundStatus.class)
	void theRefundMovesExactlyAlongItsStatusGraph(RefundStatus from) {
		Refund refund = in(from);
		for (RefundStatus to : EnumSet.of(RefundStatus.SUCCEEDED, RefundStatus.FAILED)) {
			BiFunction<Refund, Instant, Refund> move = (to == RefundStatus.SUCCEEDED)
					? (r, at) -> r.succeeded("re_2", at) : (r, at) -> r.failed("re_2", "declined", at);
			if (from.canMoveTo(to)) {
				assertThat(move.apply(refund, ANSWERED).status()).isEqualTo(to);
			}
			else {
				assertThatExceptionOfType(IllegalRefundTransition.class).isThrownBy(() -> move.apply(refund, ANSWERED))
					.satisfies((ex) -> assertThat(ex.code()).isEqualTo("ILLEGAL_TRANSITION"))
					.withMessageContaining(refund.id().toString())
					.withMessageContaining(from + " and cannot become " + to);
			}
		}
	}

}
