package coop.litang.cooplive.ordering;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import coop.litang.cooplive.shared.PageQuery;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Orders ({@link Order} aggregates with their lines) and idempotency keys in PostgreSQL.
 * New orders go in through {@link #insertAll}, changed ones through {@link #save}, which
 * writes a change only when the order is still in the status it was read in.
 */
@Repository
class Orders {

	// lists of statuses written into SQL from the enum: a literal lets PostgreSQL use the
	// partial index on unpaid orders
	private static final String PENDING = "'" + OrderStatus.PENDING_PAYMENT.name() + "'";

	private static final String HOLDING_GOODS = statuses(OrderStatus::holdsGoods);

	private static final String KEEPING_PAYMENT = statuses(OrderStatus::keepsPayment);

	// an unpaid pay-to-claim order holds nothing yet
	private static String holding(String alias) {
		return "NOT (" + alias + "claims_on_payment AND " + alias + "status = " + PENDING + ")";
	}

	private final DatabaseClient db;

	Orders(DatabaseClient db) {
		this.db = db;
	}

	// idempotency keys

	Mono<Void> insertKey(String key, String requestHash, OrderId orderId, Instant now) {
		return this.db
			.sql("INSERT INTO order_idempotency (idempotency_key, request_hash, order_id, created_at) "
					+ "VALUES (:key, :hash, :order, :now)")
			.bind("key", key)
			.bind("hash", requestHash)
			.bind("order", orderId.value())
			.bind("now", now)
			.then();
	}

	/** A key with the hash of its request and the order it made. */
	record Key(String key, String requestHash, OrderId orderId) {
	}

	/** Inserts the keys no order holds yet; answers those inserted. */
	Mono<Set<String>> insertNewKeys(List<Key> keys, Instant now) {
		return this.db
			.sql("INSERT INTO order_idempotency (idempotency_key, request_hash, order_id, created_at) "
					+ "SELECT k, h, i, :now FROM unnest(:keys::text[], :hashes::text[], :ids::uuid[]) AS t(k, h, i) "
					+ "ON CONFLICT (idempotency_key) DO NOTHING RETURNING idempotency_key")
			.bind("keys", array(keys, Key::key, String[]::new))
			.bind("hashes", array(keys, Key::requestHash, String[]::new))
			.bind("ids", array(keys, (key) -> key.orderId().value(), UUID[]::new))
			.bind("now", now)
			.map((row) -> row.get(0, String.class))
			.all()
			.collect(HashSet::new, Set::add);
	}

	Mono<Void> deleteKeys(List<String> keys) {
		if (keys.isEmpty()) {
			return Mono.empty();
		}
		return this.db.sql("DELETE FROM order_idempotency WHERE idempotency_key = ANY(:keys::text[])")
			.bind("keys", keys.toArray(String[]::new))
			.then();
	}

	Mono<Key> findKey(String key) {
		return this.db.sql("SELECT request_hash, order_id FROM order_idempotency WHERE idempotency_key = :key")
			.bind("key", key)
			.map((row) -> new Key(key, row.get("request_hash", String.class),
					new OrderId(row.get("order_id", UUID.class))))
			.first();
	}

	/** Which of the keys a committed order used. */
	Flux<String> usedKeys(String[] keys) {
		return this.db.sql("SELECT idempotency_key FROM order_idempotency WHERE idempotency_key = ANY(:keys::text[])")
			.bind("keys", keys)
			.map((row) -> row.get(0, String.class))
			.all();
	}

	// writing orders

	/**
	 * Inserts new orders and their lines: two statements whatever their number, for one
	 * order placed alone and for a drop's batch alike.
	 */
	Mono<Void> insertAll(List<Order> orders) {
		if (orders.isEmpty()) {
			return Mono.empty();
		}
		Mono<Void> rows = this.db
			.sql("INSERT INTO orders (id, channel, session_id, host_member_id, buyer_name, buyer_phone, buyer_address, "
					+ "status, payment_method, claims_on_payment, payment_reference, total_fen, created_at, expires_at, "
					+ "updated_at) SELECT i, c, s, h, n, p, a, st, m, cp, r, t, ca, e, ca FROM unnest(:ids::uuid[], "
					+ ":channels::text[], :sessions::uuid[], :hosts::uuid[], :names::text[], :phones::text[], "
					+ ":addresses::text[], :statuses::text[], :methods::text[], :claims::boolean[], "
					+ ":references::text[], :totals::bigint[], :created::timestamptz[], :expires::timestamptz[]) "
					+ "AS x(i, c, s, h, n, p, a, st, m, cp, r, t, ca, e)")
			.bind("ids", array(orders, (order) -> order.id().value(), UUID[]::new))
			.bind("channels", array(orders, (order) -> order.channel().name(), String[]::new))
			.bind("sessions", array(orders, Order::sessionId, UUID[]::new))
			.bind("hosts", array(orders, Order::hostMemberId, UUID[]::new))
			.bind("names", array(orders, (order) -> order.buyer().name(), String[]::new))
			.bind("phones", array(orders, (order) -> order.buyer().phone(), String[]::new))
			.bind("addresses", array(orders, (order) -> order.buyer().address(), String[]::new))
			.bind("statuses", array(orders, (order) -> order.status().name(), String[]::new))
			.bind("methods", array(orders, (order) -> order.paymentMethod().name(), String[]::new))
			.bind("claims", array(orders, Order::claimsOnPayment, Boolean[]::new))
			.bind("references", array(orders, Order::paymentReference, String[]::new))
			.bind("totals", array(orders, Order::totalFen, Long[]::new))
			.bind("created", array(orders, Order::createdAt, Instant[]::new))
			.bind("expires", array(orders, Order::expiresAt, Instant[]::new))
			.then();
		List<Map.Entry<OrderId, OrderLine>> lines = new ArrayList<>();
		orders.forEach((order) -> order.lines().forEach((line) -> lines.add(Map.entry(order.id(), line))));
		Mono<Void> lineRows = this.db
			.sql("INSERT INTO order_line (order_id, line_no, sku_id, sku_code, lineup_item_id, quantity, "
					+ "unit_price_fen, line_total_fen) SELECT o, n, s, c, i, q, p, q * p FROM unnest(:orders::uuid[], "
					+ ":nos::int[], :skus::uuid[], :codes::text[], :items::uuid[], :qs::bigint[], :prices::bigint[]) "
					+ "AS x(o, n, s, c, i, q, p)")
			.bind("orders", array(lines, (line) -> line.getKey().value(), UUID[]::new))
			.bind("nos", array(lines, (line) -> line.getValue().lineNo(), Integer[]::new))
			.bind("skus", array(lines, (line) -> line.getValue().skuId(), UUID[]::new))
			.bind("codes", array(lines, (line) -> line.getValue().skuCode(), String[]::new))
			.bind("items", array(lines, (line) -> line.getValue().lineupItemId(), UUID[]::new))
			.bind("qs", array(lines, (line) -> line.getValue().quantity(), Long[]::new))
			.bind("prices", array(lines, (line) -> line.getValue().unitPriceFen(), Long[]::new))
			.then();
		return rows.then(lineRows);
	}

	/**
	 * Saves a change when the order is still in the status it was read in; refunds are
	 * written as what the change added, so refunds held meanwhile are kept.
	 * @return whether it was saved (false: another change came first)
	 */
	Mono<Boolean> save(Order.Change change, Instant now) {
		if (!change.changes()) {
			return Mono.just(true);
		}
		Order before = change.before();
		Order after = change.after();
		Order.Shipment shipment = after.shipment();
		return this.db.sql("UPDATE orders SET status = :status, payment_reference = :reference, paid_at = :paid, "
				+ "paid_by = :paidBy, close_reason = :closeReason, "
				+ "shipped_at = :shipped, carrier = :carrier, tracking_number = :tracking, delivered_at = :delivered, "
				+ "cancelled_at = :cancelled, expired_at = :expired, refunded_at = :refunded, "
				+ "refunded_fen = refunded_fen + :refundedAdded, "
				+ "refund_pending_fen = refund_pending_fen + :pendingAdded, updated_at = :now "
				+ "WHERE id = :id AND status = :expected")
			.bind("id", after.id().value())
			.bind("expected", before.status().name())
			.bind("status", after.status().name())
			.bind("reference", nullable(after.paymentReference(), String.class))
			.bind("paid", nullable(after.paidAt(), Instant.class))
			.bind("paidBy", nullable(after.paidBy(), String.class))
			.bind("closeReason",
					nullable((after.closeReason() != null) ? after.closeReason().name() : null, String.class))
			.bind("shipped", nullable((shipment != null) ? shipment.at() : null, Instant.class))
			.bind("carrier", nullable((shipment != null) ? shipment.carrier() : null, String.class))
			.bind("tracking", nullable((shipment != null) ? shipment.trackingNumber() : null, String.class))
			.bind("delivered", nullable(after.deliveredAt(), Instant.class))
			.bind("cancelled", nullable(after.cancelledAt(), Instant.class))
			.bind("expired", nullable(after.expiredAt(), Instant.class))
			.bind("refunded", nullable(after.refundedAt(), Instant.class))
			.bind("refundedAdded", after.refundedFen() - before.refundedFen())
			.bind("pendingAdded", after.refundPendingFen() - before.refundPendingFen())
			.bind("now", now)
			.fetch()
			.rowsUpdated()
			.flatMap((rows) -> (rows == 1 && after.endsUnpaid(before))
					? releaseUnpaid(List.of(after.buyer().phone())).thenReturn(true) : Mono.just(rows == 1));
	}

	// a buyer's unpaid orders, counted per phone in buyer_hold

	/**
	 * Counts a new unpaid order against each buyer's cap, in the caller's transaction:
	 * answers the phones still under it, which now count one more. One statement for a
	 * batch; each buyer's row is locked until the transaction ends, phones in order so
	 * that batches never wait on each other in a circle.
	 */
	Mono<Set<String>> takeUnpaid(List<String> phones, int cap) {
		String[] sorted = phones.stream().sorted().toArray(String[]::new);
		return this.db
			.sql("INSERT INTO buyer_hold AS h (buyer_phone, unpaid_orders) SELECT p, 1 FROM unnest(:phones::text[]) "
					+ "AS t(p) ON CONFLICT (buyer_phone) DO UPDATE SET unpaid_orders = h.unpaid_orders + 1 "
					+ "WHERE h.unpaid_orders < :cap RETURNING buyer_phone")
			.bind("phones", sorted)
			.bind("cap", cap)
			.map((row) -> row.get(0, String.class))
			.all()
			.collect(HashSet::new, Set::add);
	}

	/** One unpaid order fewer for each phone (a phone twice: two fewer). */
	Mono<Void> releaseUnpaid(List<String> phones) {
		if (phones.isEmpty()) {
			return Mono.empty();
		}
		return this.db
			.sql("UPDATE buyer_hold AS h SET unpaid_orders = greatest(h.unpaid_orders - t.n, 0) FROM "
					+ "(SELECT p, count(*) AS n FROM unnest(:phones::text[]) AS u(p) GROUP BY p) AS t "
					+ "WHERE h.buyer_phone = t.p")
			.bind("phones", phones.stream().sorted().toArray(String[]::new))
			.then();
	}

	// reading orders

	Mono<Order> find(OrderId id) {
		return find(id, "");
	}

	/**
	 * The order, its row locked until the caller's transaction ends: its status and
	 * refunds cannot change underneath, by the sweeper, a second payment or refund.
	 */
	Mono<Order> findForUpdate(OrderId id) {
		return find(id, " FOR UPDATE");
	}

	private Mono<Order> find(OrderId id, String lock) {
		return this.db.sql("SELECT * FROM orders WHERE id = :id" + lock)
			.bind("id", id.value())
			.map(Orders::facts)
			.first()
			.flatMap((order) -> withLines(List.of(order)).next());
	}

	Flux<OrderId> expiredIds(Instant now, int limit) {
		return this.db
			.sql("SELECT id FROM orders WHERE status = " + PENDING + " AND expires_at <= :now "
					+ "ORDER BY expires_at LIMIT :limit")
			.bind("now", now)
			.bind("limit", limit)
			.map((row) -> new OrderId(row.get("id", UUID.class)))
			.all();
	}

	Flux<Order> page(OrderFilter filter, PageQuery page) {
		return filtered("SELECT * FROM orders", filter, " ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset")
			.bind("limit", page.size())
			.bind("offset", page.offset())
			.map(Orders::facts)
			.all()
			.collectList()
			.flatMapMany(this::withLines);
	}

	Mono<Long> count(OrderFilter filter) {
		return filtered("SELECT count(*) FROM orders", filter, "").map((row) -> row.get(0, Long.class)).one();
	}

	private DatabaseClient.GenericExecuteSpec filtered(String select, OrderFilter filter, String tail) {
		List<String> conditions = new ArrayList<>();
		if (filter.status() != null) {
			conditions.add("status = :status");
		}
		if (filter.channel() != null) {
			conditions.add("channel = :channel");
		}
		if (filter.sessionId() != null) {
			conditions.add("session_id = :session");
		}
		if (filter.phone() != null) {
			conditions.add("buyer_phone = :phone");
		}
		var spec = this.db
			.sql(select + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions)) + tail);
		if (filter.status() != null) {
			spec = spec.bind("status", filter.status().name());
		}
		if (filter.channel() != null) {
			spec = spec.bind("channel", filter.channel().name());
		}
		if (filter.sessionId() != null) {
			spec = spec.bind("session", filter.sessionId());
		}
		if (filter.phone() != null) {
			spec = spec.bind("phone", filter.phone().value());
		}
		return spec;
	}

	record SessionTotals(long orders, long units, long gmvFen, long ordersLastMinute) {
	}

	Mono<SessionTotals> sessionTotals(UUID sessionId, Instant minuteAgo) {
		return this.db
			.sql("SELECT count(*) AS orders, coalesce(sum(total_fen), 0)::bigint AS gmv, "
					+ "count(*) FILTER (WHERE created_at > :since) AS recent, "
					+ "coalesce((SELECT sum(l.quantity) FROM order_line l JOIN orders o ON o.id = l.order_id "
					+ "WHERE o.session_id = :session AND o.status IN (" + HOLDING_GOODS + ") AND " + holding("o.")
					+ "), 0)::bigint AS units FROM orders WHERE session_id = :session AND status IN (" + HOLDING_GOODS
					+ ") AND " + holding(""))
			.bind("session", sessionId)
			.bind("since", minuteAgo)
			.map((row) -> new SessionTotals(row.get("orders", Long.class), row.get("units", Long.class),
					row.get("gmv", Long.class), row.get("recent", Long.class)))
			.one();
	}

	Mono<Long> paidRevenue(Instant from, Instant to) {
		return this.db
			.sql("SELECT coalesce(sum(total_fen), 0)::bigint FROM orders WHERE status IN (" + KEEPING_PAYMENT + ") "
					+ "AND paid_at >= :from AND paid_at < :to")
			.bind("from", from)
			.bind("to", to)
			.map((row) -> row.get(0, Long.class))
			.one();
	}

	/**
	 * The name and address of a phone's most recent session order, among the orders of
	 * the given sessions (of any session when {@code sessionIds} is null).
	 */
	Mono<KnownBuyerView> latestBuyer(String phone, UUID[] sessionIds) {
		String sessions = (sessionIds != null) ? "session_id = ANY(:sessions)" : "session_id IS NOT NULL";
		var spec = this.db
			.sql("SELECT buyer_name, buyer_address, created_at FROM orders WHERE buyer_phone = :phone AND " + sessions
					+ " ORDER BY created_at DESC, id LIMIT 1")
			.bind("phone", phone);
		if (sessionIds != null) {
			spec = spec.bind("sessions", sessionIds);
		}
		return spec
			.map((row) -> new KnownBuyerView(phone, row.get("buyer_name", String.class),
					row.get("buyer_address", String.class), row.get("created_at", Instant.class)))
			.first();
	}

	private Flux<Order> withLines(List<Order.Facts> orders) {
		if (orders.isEmpty()) {
			return Flux.empty();
		}
		return this.db.sql("SELECT * FROM order_line WHERE order_id = ANY(:ids) ORDER BY order_id, line_no")
			.bind("ids", array(orders, (order) -> order.id().value(), UUID[]::new))
			.map((row) -> Map.entry(row.get("order_id", UUID.class),
					new OrderLine(row.get("line_no", Integer.class), row.get("sku_id", UUID.class),
							row.get("sku_code", String.class), row.get("lineup_item_id", UUID.class),
							row.get("quantity", Long.class), row.get("unit_price_fen", Long.class))))
			.all()
			.collectList()
			.flatMapMany((entries) -> {
				Map<UUID, List<OrderLine>> byOrder = new LinkedHashMap<>();
				entries.forEach((e) -> byOrder.computeIfAbsent(e.getKey(), (k) -> new ArrayList<>()).add(e.getValue()));
				return Flux.fromIterable(orders)
					.map((facts) -> Order.of(facts.withLines(byOrder.getOrDefault(facts.id().value(), List.of()))));
			});
	}

	private static Order.Facts facts(Readable row) {
		String carrier = row.get("carrier", String.class);
		Instant shippedAt = row.get("shipped_at", Instant.class);
		Order.Shipment shipment = (shippedAt != null)
				? new Order.Shipment(carrier, row.get("tracking_number", String.class), shippedAt) : null;
		return new Order.Facts(new OrderId(row.get("id", UUID.class)),
				OrderChannel.valueOf(row.get("channel", String.class)), row.get("session_id", UUID.class),
				row.get("host_member_id", UUID.class),
				new Buyer(row.get("buyer_name", String.class), row.get("buyer_phone", String.class),
						row.get("buyer_address", String.class)),
				List.of(), row.get("total_fen", Long.class),
				PaymentMethod.valueOf(row.get("payment_method", String.class)),
				Boolean.TRUE.equals(row.get("claims_on_payment", Boolean.class)), row.get("created_at", Instant.class),
				row.get("expires_at", Instant.class), OrderStatus.valueOf(row.get("status", String.class)),
				row.get("payment_reference", String.class), row.get("paid_at", Instant.class),
				row.get("paid_by", String.class), shipment, row.get("delivered_at", Instant.class),
				row.get("cancelled_at", Instant.class), row.get("expired_at", Instant.class),
				row.get("refunded_at", Instant.class), row.get("refunded_fen", Long.class),
				row.get("refund_pending_fen", Long.class), closeReason(row.get("close_reason", String.class)));
	}

	private static Order.CloseReason closeReason(String stored) {
		return (stored != null) ? Order.CloseReason.valueOf(stored) : null;
	}

	// helpers

	/** A value that may be null, bound with its type either way. */
	private static <T> Parameter nullable(T value, Class<T> type) {
		return Parameter.fromOrEmpty(value, type);
	}

	private static <E, T> T[] array(List<E> elements, Function<E, T> value, java.util.function.IntFunction<T[]> make) {
		return elements.stream().map(value).toArray(make);
	}

	private static String statuses(Predicate<OrderStatus> which) {
		return Arrays.stream(OrderStatus.values())
			.filter(which)
			.map((status) -> "'" + status.name() + "'")
			.collect(Collectors.joining(", "));
	}

}
