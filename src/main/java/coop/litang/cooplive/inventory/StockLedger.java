package coop.litang.cooplive.inventory;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import coop.litang.cooplive.shared.PageQuery;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Stock levels and the movement ledger. Every change of a level and its ledger row are
 * one SQL statement, so they cannot part; guarded updates refuse to take a level below
 * what the CHECK constraints allow and report it as zero rows.
 */
@Repository
class StockLedger {

	private final DatabaseClient db;

	StockLedger(DatabaseClient db) {
		this.db = db;
	}

	record Movement(UUID skuId, MovementKind kind, long quantity, String reason, String actor, String reference,
			Instant at) {
	}

	private static final String INSERT_MOVEMENT = " INSERT INTO stock_movement "
			+ "(sku_id, kind, quantity, reason, actor, reference, occurred_at) "
			+ "SELECT sku_id, :kind, :quantity, :reason, :actor, :reference, :at FROM changed";

	Mono<Long> receive(Movement movement) {
		return apply("WITH changed AS (INSERT INTO stock_level (sku_id, on_hand, reserved, updated_at) "
				+ "VALUES (:sku, :quantity, 0, :at) ON CONFLICT (sku_id) DO UPDATE SET "
				+ "on_hand = stock_level.on_hand + :quantity, updated_at = :at RETURNING sku_id)", movement);
	}

	/** Holds available units; zero rows when fewer are available. */
	Mono<Long> reserve(Movement movement) {
		return apply("WITH changed AS (UPDATE stock_level SET reserved = reserved + :quantity, updated_at = :at "
				+ "WHERE sku_id = :sku AND on_hand - reserved >= :quantity RETURNING sku_id)", movement);
	}

	Mono<Long> release(Movement movement) {
		return apply("WITH changed AS (UPDATE stock_level SET reserved = reserved - :quantity, updated_at = :at "
				+ "WHERE sku_id = :sku AND reserved >= :quantity RETURNING sku_id)", movement);
	}

	Mono<Long> sell(Movement movement) {
		return apply("WITH changed AS (UPDATE stock_level SET on_hand = on_hand - :quantity, "
				+ "reserved = reserved - :quantity, updated_at = :at "
				+ "WHERE sku_id = :sku AND reserved >= :quantity RETURNING sku_id)", movement);
	}

	Mono<Long> returnToStock(Movement movement) {
		return receive(movement);
	}

	/**
	 * Adds or takes away units on hand; zero rows when that would go below what is
	 * reserved.
	 */
	Mono<Long> adjust(Movement movement) {
		return this.db
			.sql("INSERT INTO stock_level (sku_id, on_hand, reserved, updated_at) VALUES (:sku, 0, 0, :at) "
					+ "ON CONFLICT (sku_id) DO NOTHING")
			.bind("sku", movement.skuId())
			.bind("at", movement.at())
			.then()
			.then(apply("WITH changed AS (UPDATE stock_level SET on_hand = on_hand + :quantity, updated_at = :at "
					+ "WHERE sku_id = :sku AND on_hand + :quantity >= reserved RETURNING sku_id)", movement));
	}

	private Mono<Long> apply(String change, Movement movement) {
		return this.db.sql(change + INSERT_MOVEMENT)
			.bind("sku", movement.skuId())
			.bind("kind", movement.kind().name())
			.bind("quantity", movement.quantity())
			.bind("reason", movement.reason())
			.bind("actor", movement.actor())
			.bind("reference", movement.reference())
			.bind("at", movement.at())
			.fetch()
			.rowsUpdated();
	}

	Mono<StockLevelView> level(UUID skuId) {
		return this.db.sql("SELECT sku_id, on_hand, reserved FROM stock_level WHERE sku_id = :sku")
			.bind("sku", skuId)
			.map(StockLedger::toLevel)
			.first()
			.defaultIfEmpty(StockLevelView.of(skuId, 0, 0));
	}

	Flux<StockLevelView> levels(PageQuery page) {
		return this.db
			.sql("SELECT sku_id, on_hand, reserved FROM stock_level ORDER BY sku_id LIMIT :limit OFFSET :offset")
			.bind("limit", page.size())
			.bind("offset", page.offset())
			.map(StockLedger::toLevel)
			.all();
	}

	Mono<Long> countLevels() {
		return this.db.sql("SELECT count(*) FROM stock_level").map((row) -> row.get(0, Long.class)).one();
	}

	/** The level as the ledger alone says it is. */
	Mono<StockLevelView> levelFromLedger(UUID skuId) {
		return this.db
			.sql("SELECT coalesce(sum(CASE kind WHEN 'RECEIPT' THEN quantity WHEN 'ADJUSTMENT' THEN quantity "
					+ "WHEN 'RETURN' THEN quantity WHEN 'SALE' THEN -quantity ELSE 0 END), 0)::bigint AS on_hand, "
					+ "coalesce(sum(CASE kind WHEN 'RESERVE' THEN quantity WHEN 'RELEASE' THEN -quantity "
					+ "WHEN 'SALE' THEN -quantity ELSE 0 END), 0)::bigint AS reserved "
					+ "FROM stock_movement WHERE sku_id = :sku")
			.bind("sku", skuId)
			.map((row) -> StockLevelView.of(skuId, row.get("on_hand", Long.class), row.get("reserved", Long.class)))
			.one();
	}

	Flux<MovementView> movements(UUID skuId, PageQuery page) {
		return this.db
			.sql("SELECT * FROM stock_movement WHERE sku_id = :sku ORDER BY id DESC LIMIT :limit OFFSET :offset")
			.bind("sku", skuId)
			.bind("limit", page.size())
			.bind("offset", page.offset())
			.map((row) -> new MovementView(row.get("id", Long.class), row.get("sku_id", UUID.class),
					MovementKind.valueOf(row.get("kind", String.class)), row.get("quantity", Long.class),
					row.get("reason", String.class), row.get("actor", String.class), row.get("reference", String.class),
					row.get("occurred_at", Instant.class)))
			.all();
	}

	Mono<Long> countMovements(UUID skuId) {
		return this.db.sql("SELECT count(*) FROM stock_movement WHERE sku_id = :sku")
			.bind("sku", skuId)
			.map((row) -> row.get(0, Long.class))
			.one();
	}

	Mono<Long> insertReceipt(StockReceiptView receipt, String actor) {
		return this.db
			.sql("INSERT INTO stock_receipt (id, trace_code, sku_id, supplier_member_id, origin_village_id, quantity, "
					+ "purchase_value_fen, harvest_date, delivered_on, received_at, actor) VALUES (:id, :code, :sku, "
					+ ":supplier, :village, :quantity, :value, :harvest, :delivered, :at, :actor)")
			.bind("id", receipt.id())
			.bind("code", receipt.traceCode())
			.bind("sku", receipt.skuId())
			.bind("supplier", receipt.supplierMemberId())
			.bind("village", receipt.originVillageId())
			.bind("quantity", receipt.quantity())
			.bind("value", receipt.purchaseValueFen())
			.bind("harvest", receipt.harvestDate())
			.bind("delivered", receipt.deliveredOn())
			.bind("at", receipt.receivedAt())
			.bind("actor", actor)
			.fetch()
			.rowsUpdated();
	}

	Mono<StockReceiptView> receiptByCode(String code) {
		return this.db.sql("SELECT * FROM stock_receipt WHERE trace_code = :code")
			.bind("code", code)
			.map(StockLedger::toReceipt)
			.first();
	}

	Flux<StockReceiptView> receipts(PageQuery page) {
		return this.db.sql("SELECT * FROM stock_receipt ORDER BY received_at DESC, id LIMIT :limit OFFSET :offset")
			.bind("limit", page.size())
			.bind("offset", page.offset())
			.map(StockLedger::toReceipt)
			.all();
	}

	Mono<Long> countReceipts() {
		return this.db.sql("SELECT count(*) FROM stock_receipt").map((row) -> row.get(0, Long.class)).one();
	}

	Flux<SupplierVolume> supplierVolumes(LocalDate from, LocalDate through) {
		return this.db
			.sql("SELECT supplier_member_id, sum(purchase_value_fen)::bigint AS amount, sum(quantity)::bigint AS quantity "
					+ "FROM stock_receipt WHERE delivered_on BETWEEN :from AND :through GROUP BY supplier_member_id")
			.bind("from", from)
			.bind("through", through)
			.map((row) -> new SupplierVolume(row.get("supplier_member_id", UUID.class), row.get("amount", Long.class),
					row.get("quantity", Long.class)))
			.all();
	}

	Flux<Map.Entry<UUID, long[]>> memberVolumesBySku(UUID memberId, LocalDate from, LocalDate through) {
		return this.db
			.sql("SELECT sku_id, sum(quantity)::bigint AS quantity, sum(purchase_value_fen)::bigint AS amount "
					+ "FROM stock_receipt WHERE supplier_member_id = :member AND delivered_on BETWEEN :from "
					+ "AND :through GROUP BY sku_id")
			.bind("member", memberId)
			.bind("from", from)
			.bind("through", through)
			.map((row) -> Map.entry(row.get("sku_id", UUID.class),
					new long[] { row.get("quantity", Long.class), row.get("amount", Long.class) }))
			.all();
	}

	Flux<UUID> skusDeliveredBy(UUID memberId) {
		return this.db
			.sql("SELECT sku_id FROM stock_receipt WHERE supplier_member_id = :member GROUP BY sku_id "
					+ "ORDER BY max(delivered_on) DESC")
			.bind("member", memberId)
			.map((row) -> row.get(0, UUID.class))
			.all();
	}

	private static StockLevelView toLevel(Readable row) {
		return StockLevelView.of(row.get("sku_id", UUID.class), row.get("on_hand", Long.class),
				row.get("reserved", Long.class));
	}

	private static StockReceiptView toReceipt(Readable row) {
		return new StockReceiptView(row.get("id", UUID.class), row.get("trace_code", String.class),
				row.get("sku_id", UUID.class), row.get("supplier_member_id", UUID.class),
				row.get("origin_village_id", UUID.class), row.get("quantity", Long.class),
				row.get("purchase_value_fen", Long.class), row.get("harvest_date", LocalDate.class),
				row.get("delivered_on", LocalDate.class), row.get("received_at", Instant.class));
	}

}
