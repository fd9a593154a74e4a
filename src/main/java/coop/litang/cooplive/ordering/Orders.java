package coop.litang.cooplive.ordering;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import coop.litang.cooplive.shared.PageQuery;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Orders, their lines and idempotency keys in PostgreSQL.
 */
@Repository
class Orders {

	private final DatabaseClient db;

	Orders(DatabaseClient db) {
		this.db = db;
	}

	/** A line as stored: what the order holds and where the units came from. */
	record Line(int lineNo, UUID skuId, String skuCode, UUID lineupItemId, long quantity, long unitPriceFen) {

		long totalFen() {
			return Math.multiplyExact(this.quantity, this.unitPriceFen);
		}

	}

	record Stored(UUID id, OrderChannel channel, UUID sessionId, UUID hostMemberId, Buyer buyer, OrderStatus status,
			PaymentMethod paymentMethod, String paymentReference, long totalFen, Instant createdAt, Instant expiresAt,
			String carrier, String trackingNumber, List<Line> lines, Instant paidAt, long refundedFen,
			long refundPendingFen) {

		Stored madeAt(Instant created, Instant expires) {
			return new Stored(this.id, this.channel, this.sessionId, this.hostMemberId, this.buyer, this.status,
					this.paymentMethod, this.paymentReference, this.totalFen, created, expires, this.carrier,
					this.trackingNumber, this.lines, this.paidAt, this.refundedFen, this.refundPendingFen);
		}

		Stored withLines(List<Line> stored) {
			return new Stored(this.id, this.channel, this.sessionId, this.hostMemberId, this.buyer, this.status,
					this.paymentMethod, this.paymentReference, this.totalFen, this.createdAt, this.expiresAt,
					this.carrier, this.trackingNumber, List.copyOf(stored), this.paidAt, this.refundedFen,
					this.refundPendingFen);
		}

		OrderView view() {
			return new OrderView(this.id, null, this.status, this.channel, this.sessionId, this.buyer, this.lines
				.stream()
				.map((line) -> new OrderLineView(line.skuCode(), line.quantity(), line.unitPriceFen(), line.totalFen()))
				.toList(), this.totalFen, this.paymentMethod, this.paymentReference, this.createdAt, this.expiresAt,
					this.paidAt, this.carrier, this.trackingNumber, this.refundedFen, this.refundPendingFen);
		}

	}

	Mono<Void> insertKey(String key, String requestHash, UUID orderId, Instant now) {
		return this.db
			.sql("INSERT INTO order_idempotency (idempotency_key, request_hash, order_id, created_at) "
					+ "VALUES (:key, :hash, :order, :now)")
			.bind("key", key)
			.bind("hash", requestHash)
			.bind("order", orderId)
			.bind("now", now)
			.then();
	}

	record Key(String requestHash, UUID orderId) {
	}

	Mono<Key> findKey(String key) {
		return this.db.sql("SELECT request_hash, order_id FROM order_idempotency WHERE idempotency_key = :key")
			.bind("key", key)
			.map((row) -> new Key(row.get("request_hash", String.class), row.get("order_id", UUID.class)))
			.first();
	}

	/** Which of the keys a committed order used. */
	Flux<String> usedKeys(String[] keys) {
		return this.db.sql("SELECT idempotency_key FROM order_idempotency WHERE idempotency_key = ANY(:keys::text[])")
			.bind("keys", keys)
			.map((row) -> row.get(0, String.class))
			.all();
	}

	Mono<Void> insert(Stored order, Instant now) {
		var spec = this.db
			.sql("INSERT INTO orders (id, channel, session_id, host_member_id, buyer_name, buyer_phone, buyer_address, "
					+ "status, payment_method, payment_reference, total_fen, created_at, expires_at, updated_at) "
					+ "VALUES (:id, :channel, :session, :host, :name, :phone, :address, 'PENDING_PAYMENT', :method, "
					+ ":reference, :total, :now, :expires, :now)")
			.bind("id", order.id())
			.bind("channel", order.channel().name())
			.bind("name", order.buyer().name())
			.bind("phone", order.buyer().phone())
			.bind("address", order.buyer().address())
			.bind("method", order.paymentMethod().name())
			.bind("total", order.totalFen())
			.bind("now", now)
			.bind("expires", order.expiresAt());
		spec = (order.sessionId() != null) ? spec.bind("session", order.sessionId())
				: spec.bindNull("session", UUID.class);
		spec = (order.hostMemberId() != null) ? spec.bind("host", order.hostMemberId())
				: spec.bindNull("host", UUID.class);
		spec = (order.paymentReference() != null) ? spec.bind("reference", order.paymentReference())
				: spec.bindNull("reference", String.class);
		// all lines in one statement: one round trip whatever their number
		StringBuilder values = new StringBuilder();
		for (int i = 0; i < order.lines().size(); i++) {
			values.append((i == 0) ? "" : ", ")
				.append("(:order, :no")
				.append(i)
				.append(", :sku")
				.append(i)
				.append(", :code")
				.append(i)
				.append(", :item")
				.append(i)
				.append(", :q")
				.append(i)
				.append(", :price")
				.append(i)
				.append(", :total")
				.append(i)
				.append(")");
		}
		var lineSpec = this.db
			.sql("INSERT INTO order_line (order_id, line_no, sku_id, sku_code, lineup_item_id, "
					+ "quantity, unit_price_fen, line_total_fen) VALUES " + values)
			.bind("order", order.id());
		for (int i = 0; i < order.lines().size(); i++) {
			Line line = order.lines().get(i);
			lineSpec = lineSpec.bind("no" + i, line.lineNo())
				.bind("sku" + i, line.skuId())
				.bind("code" + i, line.skuCode())
				.bind("q" + i, line.quantity())
				.bind("price" + i, line.unitPriceFen())
				.bind("total" + i, line.totalFen());
			lineSpec = (line.lineupItemId() != null) ? lineSpec.bind("item" + i, line.lineupItemId())
					: lineSpec.bindNull("item" + i, UUID.class);
		}
		Mono<Void> lines = lineSpec.then();
		return spec.then().then(lines);
	}

	/** Moves an order between states; zero rows when it is not in {@code from}. */
	Mono<Long> transition(UUID id, OrderStatus from, OrderStatus to, Instant now, Map<String, Object> columns) {
		StringBuilder sql = new StringBuilder("UPDATE orders SET status = :to, updated_at = :now");
		columns.keySet().forEach((column) -> sql.append(", ").append(column).append(" = :").append(column));
		sql.append(" WHERE id = :id AND status = :from");
		if (to == OrderStatus.EXPIRED) {
			sql.append(" AND expires_at <= :now");
		}
		var spec = this.db.sql(sql.toString())
			.bind("id", id)
			.bind("from", from.name())
			.bind("to", to.name())
			.bind("now", now);
		for (var column : columns.entrySet()) {
			spec = spec.bind(column.getKey(), column.getValue());
		}
		return spec.fetch().rowsUpdated();
	}

	/**
	 * Holds a refund on a paid order; zero rows when it is not paid, shipped or
	 * delivered, or when the refund would exceed what is left.
	 */
	Mono<Long> holdRefund(UUID id, long amountFen, Instant now) {
		return this.db
			.sql("UPDATE orders SET refund_pending_fen = refund_pending_fen + :amount, updated_at = :now "
					+ "WHERE id = :id AND paid_at IS NOT NULL AND status IN ('PAID', 'SHIPPED', 'DELIVERED') "
					+ "AND refunded_fen + refund_pending_fen + :amount <= total_fen")
			.bind("id", id)
			.bind("amount", amountFen)
			.bind("now", now)
			.fetch()
			.rowsUpdated();
	}

	Mono<Void> settleRefund(UUID id, long amountFen, boolean succeeded, Instant now) {
		return this.db
			.sql("UPDATE orders SET refund_pending_fen = refund_pending_fen - :amount, "
					+ "refunded_fen = refunded_fen + :refunded, updated_at = :now WHERE id = :id")
			.bind("id", id)
			.bind("amount", amountFen)
			.bind("refunded", succeeded ? amountFen : 0L)
			.bind("now", now)
			.then();
	}

	/**
	 * Raises the refunded amount to what the provider reports, less what is still pending
	 * here (a refund asked for by cooplive and not yet settled).
	 * @return the fen added
	 */
	Mono<Long> raiseRefunded(UUID id, String paymentReference, long providerRefundedFen, Instant now) {
		return this.db.sql("WITH before AS (SELECT refunded_fen FROM orders WHERE id = :id FOR UPDATE) "
				+ "UPDATE orders o SET refunded_fen = LEAST(o.total_fen - o.refund_pending_fen, :reported - o.refund_pending_fen), "
				+ "updated_at = :now FROM before WHERE o.id = :id AND o.paid_at IS NOT NULL AND o.payment_reference = :reference "
				+ "AND :reported - o.refund_pending_fen > o.refunded_fen "
				+ "RETURNING o.refunded_fen - before.refunded_fen")
			.bind("id", id)
			.bind("reported", providerRefundedFen)
			.bind("reference", paymentReference)
			.bind("now", now)
			.map((row) -> row.get(0, Long.class))
			.one()
			.defaultIfEmpty(0L);
	}

	Mono<Stored> find(UUID id) {
		return find(id, "");
	}

	/**
	 * The order, its row locked until the caller's transaction ends: its status cannot
	 * change underneath, by the sweeper or a second payment.
	 */
	Mono<Stored> findForUpdate(UUID id) {
		return find(id, " FOR UPDATE");
	}

	private Mono<Stored> find(UUID id, String lock) {
		return this.db.sql("SELECT * FROM orders WHERE id = :id" + lock)
			.bind("id", id)
			.map(Orders::toStored)
			.first()
			.flatMap((order) -> withLines(List.of(order)).next());
	}

	Flux<UUID> expiredIds(Instant now, int limit) {
		return this.db
			.sql("SELECT id FROM orders WHERE status = 'PENDING_PAYMENT' AND expires_at <= :now "
					+ "ORDER BY expires_at LIMIT :limit")
			.bind("now", now)
			.bind("limit", limit)
			.map((row) -> row.get("id", UUID.class))
			.all();
	}

	Flux<Stored> page(OrderStatus status, UUID sessionId, PageQuery page) {
		return filtered("SELECT * FROM orders", status, sessionId,
				" ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset")
			.bind("limit", page.size())
			.bind("offset", page.offset())
			.map(Orders::toStored)
			.all()
			.collectList()
			.flatMapMany(this::withLines);
	}

	Mono<Long> count(OrderStatus status, UUID sessionId) {
		return filtered("SELECT count(*) FROM orders", status, sessionId, "").map((row) -> row.get(0, Long.class))
			.one();
	}

	private DatabaseClient.GenericExecuteSpec filtered(String select, OrderStatus status, UUID sessionId, String tail) {
		List<String> conditions = new ArrayList<>();
		if (status != null) {
			conditions.add("status = :status");
		}
		if (sessionId != null) {
			conditions.add("session_id = :session");
		}
		var spec = this.db
			.sql(select + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions)) + tail);
		if (status != null) {
			spec = spec.bind("status", status.name());
		}
		if (sessionId != null) {
			spec = spec.bind("session", sessionId);
		}
		return spec;
	}

	record SessionTotals(long orders, long units, long gmvFen, long ordersLastMinute) {
	}

	Mono<SessionTotals> sessionTotals(UUID sessionId, Instant minuteAgo) {
		return this.db.sql("SELECT count(*) AS orders, coalesce(sum(total_fen), 0)::bigint AS gmv, "
				+ "count(*) FILTER (WHERE created_at > :since) AS recent, "
				+ "coalesce((SELECT sum(l.quantity) FROM order_line l JOIN orders o ON o.id = l.order_id "
				+ "WHERE o.session_id = :session AND o.status IN ('PENDING_PAYMENT', 'PAID', 'SHIPPED', 'DELIVERED')), 0)::bigint AS units "
				+ "FROM orders WHERE session_id = :session "
				+ "AND status IN ('PENDING_PAYMENT', 'PAID', 'SHIPPED', 'DELIVERED')")
			.bind("session", sessionId)
			.bind("since", minuteAgo)
			.map((row) -> new SessionTotals(row.get("orders", Long.class), row.get("units", Long.class),
					row.get("gmv", Long.class), row.get("recent", Long.class)))
			.one();
	}

	Mono<Long> paidRevenue(Instant from, Instant to) {
		return this.db.sql(
				"SELECT coalesce(sum(total_fen), 0)::bigint FROM orders WHERE status IN ('PAID', 'SHIPPED', 'DELIVERED') "
						+ "AND paid_at >= :from AND paid_at < :to")
			.bind("from", from)
			.bind("to", to)
			.map((row) -> row.get(0, Long.class))
			.one();
	}

	private Flux<Stored> withLines(List<Stored> orders) {
		if (orders.isEmpty()) {
			return Flux.empty();
		}
		return this.db.sql("SELECT * FROM order_line WHERE order_id = ANY(:ids) ORDER BY order_id, line_no")
			.bind("ids", orders.stream().map(Stored::id).toArray(UUID[]::new))
			.map((row) -> Map.entry(row.get("order_id", UUID.class),
					new Line(row.get("line_no", Integer.class), row.get("sku_id", UUID.class),
							row.get("sku_code", String.class), row.get("lineup_item_id", UUID.class),
							row.get("quantity", Long.class), row.get("unit_price_fen", Long.class))))
			.all()
			.collectList()
			.flatMapMany((entries) -> {
				Map<UUID, List<Line>> byOrder = new LinkedHashMap<>();
				entries.forEach((e) -> byOrder.computeIfAbsent(e.getKey(), (k) -> new ArrayList<>()).add(e.getValue()));
				return Flux.fromIterable(orders).map((o) -> o.withLines(byOrder.getOrDefault(o.id(), List.of())));
			});
	}

	private static Stored toStored(Readable row) {
		return new Stored(row.get("id", UUID.class), OrderChannel.valueOf(row.get("channel", String.class)),
				row.get("session_id", UUID.class), row.get("host_member_id", UUID.class),
				new Buyer(row.get("buyer_name", String.class), row.get("buyer_phone", String.class),
						row.get("buyer_address", String.class)),
				OrderStatus.valueOf(row.get("status", String.class)),
				PaymentMethod.valueOf(row.get("payment_method", String.class)),
				row.get("payment_reference", String.class), row.get("total_fen", Long.class),
				row.get("created_at", Instant.class), row.get("expires_at", Instant.class),
				row.get("carrier", String.class), row.get("tracking_number", String.class), List.of(),
				row.get("paid_at", Instant.class), row.get("refunded_fen", Long.class),
				row.get("refund_pending_fen", Long.class));
	}

}
