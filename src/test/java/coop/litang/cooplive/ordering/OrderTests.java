package coop.litang.cooplive.ordering;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import coop.litang.cooplive.shared.Conflict;
import coop.litang.cooplive.shared.Forbidden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static coop.litang.cooplive.ordering.OrderStatus.CANCELLED;
import static coop.litang.cooplive.ordering.OrderStatus.DELIVERED;
import static coop.litang.cooplive.ordering.OrderStatus.EXPIRED;
import static coop.litang.cooplive.ordering.OrderStatus.PAID;
import static coop.litang.cooplive.ordering.OrderStatus.PENDING_PAYMENT;
import static coop.litang.cooplive.ordering.OrderStatus.REFUNDED;
import static coop.litang.cooplive.ordering.OrderStatus.SHIPPED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The order's life, without Spring: every move the graph allows, and every other. */
class OrderTests {

	private static final Instant PLACED = Instant.parse("2026-07-01T10:00:00Z");

	private static final Duration HOLD = Duration.ofMinutes(15);

	private static final Instant DUE = PLACED.plus(HOLD);

	private static final Instant LATER = DUE.plusSeconds(60);

	// one transition of the aggregate, named as in the table below
	private record Move(String name, OrderStatus to, BiFunction<Order, Instant, Order.Change> apply) {

		@Override
		public String toString() {
			return this.name;
		}

	}

	private static final List<Move> MOVES = List.of(new Move("markPaid", PAID, (o, at) -> o.markPaid("pi_1", at)),
			new Move("revive", PAID, (o, at) -> o.revive("pi_1", at)),
			new Move("payByCard", PAID, (o, at) -> o.payByCard("pi_1", at)),
			new Move("markPaidOffline", PAID, (o, at) -> o.markPaidOffline("cash", "admin", true, at)),
			new Move("ship", SHIPPED, (o, at) -> o.ship("SF Express", "SF1", at)),
			new Move("deliver", DELIVERED, (o, at) -> o.deliver(null, "admin", at)),
			new Move("cancel", CANCELLED, (o, at) -> o.cancel(at)),
			new Move("expire", EXPIRED, (o, at) -> o.expire(at)));

	// which moves each status allows (a card order; cash on delivery is tested apart)
	private static final Map<OrderStatus, Set<String>> ALLOWED = new EnumMap<>(
			Map.of(PENDING_PAYMENT, Set.of("markPaid", "payByCard", "markPaidOffline", "cancel", "expire"), PAID,
					Set.of("ship"), SHIPPED, Set.of("deliver"), DELIVERED, Set.of(), EXPIRED,
					Set.of("revive", "payByCard"), CANCELLED, Set.of(), REFUNDED, Set.of()));

	static Stream<Arguments> everyStatusAndMove() {
		List<Arguments> all = new ArrayList<>();
		for (OrderStatus status : OrderStatus.values()) {
			for (Move move : MOVES) {
				all.add(Arguments.of(status, move));
			}
		}
		return all.stream();
	}

	@ParameterizedTest(name = "{0} --{1}-->")
	@MethodSource("everyStatusAndMove")
	void eachStatusAllowsExactlyItsMovesAndRefusesTheRest(OrderStatus status, Move move) {
		Order order = in(status, PaymentMethod.CARD);
		if (ALLOWED.get(status).contains(move.name())) {
			Order.Change change = move.apply().apply(order, LATER);
			assertThat(change.before()).isSameAs(order);
			assertThat(change.after().status()).isEqualTo(move.to());
			assertThat(status.canMoveTo(move.to())).isTrue();
			assertThat(order.status()).as("the order read is unchanged").isEqualTo(status);
		}
		else {
			assertThatThrownBy(() -> move.apply().apply(order, LATER)).isInstanceOf(IllegalOrderTransition.class)
				.hasMessageContaining("is " + status + " and cannot become " + move.to());
		}
	}

	@Test
	void everyEdgeOfTheGraphIsTakenBySomeTransition() {
		Set<String> taken = new java.util.HashSet<>();
		for (OrderStatus from : OrderStatus.values()) {
			for (PaymentMethod method : PaymentMethod.values()) {
				for (Move move : MOVES) {
					try {
						taken.add(from + ">" + move.apply().apply(in(from, method), LATER).after().status());
					}
					catch (IllegalOrderTransition refused) {
						// not this one
					}
				}
			}
		}
		for (OrderStatus from : EnumSet.of(PAID, SHIPPED, DELIVERED)) {
			Order paid = in(from, PaymentMethod.CARD);
			taken.add(from + ">"
					+ paid.holdRefund(paid.totalFen())
						.after()
						.settleRefund(paid.totalFen(), true, LATER)
						.after()
						.status());
		}
		Set<String> graph = new java.util.HashSet<>();
		for (OrderStatus from : OrderStatus.values()) {
			from.next().forEach((to) -> graph.add(from + ">" + to));
		}
		assertThat(taken).isEqualTo(graph);
	}

	@Test
	void placingComputesTheTotalAndTheHold() {
		Order order = placed(PaymentMethod.CARD);
		assertThat(order.status()).isEqualTo(PENDING_PAYMENT);
		assertThat(order.totalFen()).isEqualTo(3 * 12_800 + 1 * 4_500);
		assertThat(order.expiresAt()).isEqualTo(DUE);
		assertThat(order.paymentReference()).isNull();
		assertThat(Order
			.place(OrderId.random(), OrderChannel.STOREFRONT, null, null, buyer(), lines(), PaymentMethod.OFFLINE,
					"bank transfer", PLACED, HOLD)
			.paymentReference()).isEqualTo("bank transfer");
	}

	@Test
	void eachTransitionSaysWhatBecomesOfTheUnits() {
		assertThat(placed(PaymentMethod.CARD).markPaid("pi_1", LATER).stock()).isEqualTo(Order.StockEffect.SELL);
		assertThat(placed(PaymentMethod.CARD).cancel(LATER).stock()).isEqualTo(Order.StockEffect.RELEASE);
		assertThat(placed(PaymentMethod.CARD).expire(LATER).stock()).isEqualTo(Order.StockEffect.RELEASE);
		assertThat(in(EXPIRED, PaymentMethod.CARD).payByCard("pi_1", LATER).stock())
			.isEqualTo(Order.StockEffect.RETAKE_AND_SELL);
		assertThat(in(PAID, PaymentMethod.CARD).ship("SF", "1", LATER).stock()).isEqualTo(Order.StockEffect.NONE);
		Order.Change paid = placed(PaymentMethod.CARD).markPaid("pi_1", LATER);
		assertThat(paid.after().paidAt()).isEqualTo(LATER);
		assertThat(paid.after().paymentReference()).isEqualTo("pi_1");
	}

	@Test
	void anOrderExpiresOnlyOnceItsHoldRanOut() {
		Order order = placed(PaymentMethod.CARD);
		assertThatThrownBy(() -> order.expire(DUE.minusMillis(1))).isInstanceOf(IllegalOrderTransition.class);
		assertThat(order.expire(DUE).after().expiredAt()).isEqualTo(DUE);
	}

	@Test
	void cashOnDeliveryShipsUnpaidAndIsPaidAtDelivery() {
		Order order = placed(PaymentMethod.CASH_ON_DELIVERY);
		Order shipped = order.ship("SF Express", "SF1", LATER).after();
		assertThat(shipped.status()).isEqualTo(SHIPPED);
		assertThat(shipped.shipment()).isEqualTo(new Order.Shipment("SF Express", "SF1", LATER));
		assertThat(shipped.paidAt()).isNull();
		Order.Change delivered = shipped.deliver("  receipt 42 ", "admin", LATER.plusSeconds(5));
		assertThat(delivered.stock()).isEqualTo(Order.StockEffect.SELL);
		assertThat(delivered.after().paidAt()).isEqualTo(LATER.plusSeconds(5));
		assertThat(delivered.after().paymentReference()).isEqualTo("receipt 42");
		assertThat(shipped.deliver(" ", "admin", LATER).after().paymentReference()).isEqualTo("cash on delivery");
		// a card order cannot ship before it is paid
		assertThatThrownBy(() -> placed(PaymentMethod.CARD).ship("SF", "1", LATER))
			.isInstanceOf(IllegalOrderTransition.class);
	}

	@Test
	void aHostRecordsOnlyPaymentsMadeOfflineAndWhoRecordedOneIsKept() {
		Order card = placed(PaymentMethod.CARD);
		assertThatThrownBy(() -> card.markPaidOffline("cash", "host", false, LATER)).isInstanceOf(Forbidden.class)
			.hasMessageContaining("paid by card")
			.extracting((ex) -> ((Forbidden) ex).code())
			.isEqualTo("PAID_BY_CARD");
		Order.Change byAdmin = card.markPaidOffline("bank transfer 7", "admin", true, LATER);
		assertThat(byAdmin.after().paidBy()).isEqualTo("admin");
		for (PaymentMethod offline : List.of(PaymentMethod.OFFLINE, PaymentMethod.CASH_ON_DELIVERY)) {
			Order.Change byHost = placed(offline).markPaidOffline("cash", "host", false, LATER);
			assertThat(byHost.after().status()).isEqualTo(PAID);
			assertThat(byHost.after().paidBy()).isEqualTo("host");
			assertThat(byHost.after().view().paidBy()).isEqualTo("host");
		}
		assertThat(card.markPaid("pi_1", LATER).after().paidBy()).isNull();
		Order shipped = placed(PaymentMethod.CASH_ON_DELIVERY).ship("SF", "1", LATER).after();
		assertThat(shipped.deliver(null, "courier-desk", LATER).after().paidBy()).isEqualTo("courier-desk");
	}

	@Test
	void aBuyersOrderStopsCountingAsUnpaidWhenItLeavesPendingPayment() {
		Order order = placed(PaymentMethod.CARD);
		assertThat(order.markPaid("pi_1", LATER).after().endsUnpaid(order)).isTrue();
		assertThat(order.cancel(LATER).after().endsUnpaid(order)).isTrue();
		assertThat(order.expire(DUE).after().endsUnpaid(order)).isTrue();
		Order paid = order.markPaid("pi_1", LATER).after();
		assertThat(paid.ship("SF", "1", LATER).after().endsUnpaid(paid)).isFalse();
		Order entered = Order.place(OrderId.random(), OrderChannel.SESSION, UUID.randomUUID(), UUID.randomUUID(),
				buyer(), lines(), PaymentMethod.OFFLINE, "cash", PLACED, HOLD);
		assertThat(entered.markPaidOffline("cash", "host", false, LATER).after().endsUnpaid(entered))
			.as("an order a host entered never counted")
			.isFalse();
	}

	@Test
	void aPaidOrderDeliveredSellsNothingMore() {
		Order shipped = in(SHIPPED, PaymentMethod.CARD);
		Order.Change delivered = shipped.deliver("ignored", "admin", LATER);
		assertThat(delivered.stock()).isEqualTo(Order.StockEffect.NONE);
		assertThat(delivered.after().paymentReference()).isEqualTo(shipped.paymentReference());
		assertThat(delivered.after().deliveredAt()).isEqualTo(LATER);
	}

	@Test
	void refundsHeldNeverExceedWhatWasPaid() {
		Order paid = in(PAID, PaymentMethod.CARD);
		Order held = paid.holdRefund(10_000).after();
		assertThat(held.refundPendingFen()).isEqualTo(10_000);
		assertThat(held.refundableFen()).isEqualTo(paid.totalFen() - 10_000);
		assertThat(held.status()).isEqualTo(PAID);
		assertThatThrownBy(() -> held.holdRefund(held.refundableFen() + 1)).isInstanceOf(Conflict.class)
			.satisfies((ex) -> assertThat(((Conflict) ex).code()).isEqualTo("REFUND_EXCEEDS_PAYMENT"))
			.hasMessageContaining("at most " + held.refundableFen() + " fen");
		assertThat(held.holdRefund(held.refundableFen()).after().refundableFen()).isZero();
	}

	@Test
	void onlyAPaidOrderCanBeRefunded() {
		for (OrderStatus status : EnumSet.of(PENDING_PAYMENT, CANCELLED, EXPIRED, REFUNDED)) {
			assertThatThrownBy(() -> in(status, PaymentMethod.CARD).holdRefund(100)).isInstanceOf(Conflict.class)
				.satisfies((ex) -> assertThat(((Conflict) ex).code()).isEqualTo("ORDER_NOT_REFUNDABLE"));
		}
		// shipped cash on delivery, not paid yet
		Order shipped = placed(PaymentMethod.CASH_ON_DELIVERY).ship("SF", "1", LATER).after();
		assertThatThrownBy(() -> shipped.holdRefund(100)).isInstanceOf(Conflict.class)
			.satisfies((ex) -> assertThat(((Conflict) ex).code()).isEqualTo("ORDER_NOT_REFUNDABLE"));
	}

	@Test
	void aPartialRefundKeepsTheOrderAndAFailedOneFreesTheHold() {
		Order paid = in(PAID, PaymentMethod.CARD);
		Order.Change part = paid.holdRefund(5_000).after().settleRefund(5_000, true, LATER);
		assertThat(part.after().status()).isEqualTo(PAID);
		assertThat(part.after().refundedFen()).isEqualTo(5_000);
		assertThat(part.after().refundPendingFen()).isZero();
		assertThat(part.stock()).isEqualTo(Order.StockEffect.NONE);
		Order.Change failed = paid.holdRefund(5_000).after().settleRefund(5_000, false, LATER);
		assertThat(failed.after().refundedFen()).isZero();
		assertThat(failed.after().refundPendingFen()).isZero();
		assertThat(failed.after().status()).isEqualTo(PAID);
		assertThatThrownBy(() -> paid.settleRefund(1, true, LATER)).isInstanceOf(IllegalStateException.class);
	}

	@Test
	void aFullRefundEndsTheOrderAndReturnsUnitsNotShipped() {
		Order paid = in(PAID, PaymentMethod.CARD);
		Order.Change unshipped = paid.holdRefund(paid.totalFen()).after().settleRefund(paid.totalFen(), true, LATER);
		assertThat(unshipped.after().status()).isEqualTo(REFUNDED);
		assertThat(unshipped.after().refundedAt()).isEqualTo(LATER);
		assertThat(unshipped.stock()).isEqualTo(Order.StockEffect.RETURN);
		Order shipped = in(SHIPPED, PaymentMethod.CARD);
		Order.Change sent = shipped.holdRefund(shipped.totalFen())
			.after()
			.settleRefund(shipped.totalFen(), true, LATER);
		assertThat(sent.after().status()).isEqualTo(REFUNDED);
		assertThat(sent.stock()).isEqualTo(Order.StockEffect.NONE);
		// two partial refunds that add up to the total
		Order half = paid.holdRefund(20_000).after().settleRefund(20_000, true, LATER).after();
		Order.Change rest = half.holdRefund(half.refundableFen())
			.after()
			.settleRefund(half.refundableFen(), true, LATER);
		assertThat(rest.after().status()).isEqualTo(REFUNDED);
		assertThat(rest.after().refundedFen()).isEqualTo(paid.totalFen());
	}

	@Test
	void refundsMadeAtTheProviderAreRecordedOnceForTheOrdersOwnPayment() {
		Order paid = in(PAID, PaymentMethod.CARD);
		Order.Change raised = paid.refundedAtProvider("pi_1", 8_000, LATER);
		assertThat(raised.changes()).isTrue();
		assertThat(raised.after().refundedFen()).isEqualTo(8_000);
		assertThat(raised.after().refundedAtProvider("pi_1", 8_000, LATER).changes()).isFalse();
		assertThat(paid.refundedAtProvider("pi_other", 8_000, LATER).changes()).isFalse();
		// what cooplive is refunding itself is not counted twice
		Order held = paid.holdRefund(3_000).after();
		assertThat(held.refundedAtProvider("pi_1", 3_000, LATER).changes()).isFalse();
		assertThat(held.refundedAtProvider("pi_1", 5_000, LATER).after().refundedFen()).isEqualTo(2_000);
		// reported in full: refunded
		Order.Change all = paid.refundedAtProvider("pi_1", paid.totalFen(), LATER);
		assertThat(all.after().status()).isEqualTo(REFUNDED);
		assertThat(all.stock()).isEqualTo(Order.StockEffect.RETURN);
	}

	@Test
	void anOrderKeepsItsRefundsWithinItsTotal() {
		assertThatThrownBy(() -> Order.place(OrderId.random(), OrderChannel.SESSION, null, null, buyer(), lines(),
				PaymentMethod.CARD, null, PLACED, HOLD))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> Order.place(OrderId.random(), OrderChannel.STOREFRONT, null, null, buyer(), List.of(),
				PaymentMethod.CARD, null, PLACED, HOLD))
			.isInstanceOf(IllegalArgumentException.class);
	}

	// fixtures

	private static Buyer buyer() {
		return new Buyer("Tenzin", "13800138000", "Litang, Garze");
	}

	private static List<OrderLine> lines() {
		return List.of(new OrderLine(1, UUID.randomUUID(), "CORD-10G", null, 3, 12_800),
				new OrderLine(2, UUID.randomUUID(), "YAK-500G", null, 1, 4_500));
	}

	private static Order placed(PaymentMethod method) {
		return Order.place(OrderId.random(), OrderChannel.STOREFRONT, null, null, buyer(), lines(), method, null,
				PLACED, HOLD);
	}

	// an order that reached the status the way orders do
	private static Order in(OrderStatus status, PaymentMethod method) {
		Order placed = placed(method);
		Instant at = LATER;
		return switch (status) {
			case PENDING_PAYMENT -> placed;
			case PAID -> placed.markPaid("pi_1", at).after();
			case SHIPPED -> (method == PaymentMethod.CASH_ON_DELIVERY) ? placed.ship("SF", "1", at).after()
					: placed.markPaid("pi_1", at).after().ship("SF", "1", at).after();
			case DELIVERED -> in(SHIPPED, method).deliver(null, "admin", at).after();
			case CANCELLED -> placed.cancel(at).after();
			case EXPIRED -> placed.expire(at).after();
			case REFUNDED -> {
				Order paid = placed.markPaid("pi_1", at).after();
				yield paid.holdRefund(paid.totalFen()).after().settleRefund(paid.totalFen(), true, at).after();
			}
		};
	}

}
