package coop.litang.cooplive.dividends;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import coop.litang.cooplive.inventory.SupplierVolume;
import coop.litang.cooplive.shared.PageQuery;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Transaction-volume entries that are not stock, in PostgreSQL; append-only.
 */
@Repository
class VolumeEntries {

	private final DatabaseClient db;

	VolumeEntries(DatabaseClient db) {
		this.db = db;
	}

	/** One entry, from an imported file's row when {@code importId} is set. */
	record Insert(UUID id, NewVolumeEntry entry, UUID importId, Integer importRow) {
	}

	/** Inserts the entries in one statement. */
	Mono<Void> insert(List<Insert> entries, String actor, Instant now) {
		if (entries.isEmpty()) {
			return Mono.empty();
		}
		int n = entries.size();
		UUID[] ids = new UUID[n];
		UUID[] members = new UUID[n];
		LocalDate[] days = new LocalDate[n];
		Long[] quantities = new Long[n];
		Long[] amounts = new Long[n];
		String[] descriptions = new String[n];
		String[] references = new String[n];
		UUID[] imports = new UUID[n];
		Integer[] rows = new Integer[n];
		for (int i = 0; i < n; i++) {
			Insert insert = entries.get(i);
			ids[i] = insert.id();
			members[i] = insert.entry().memberId();
			days[i] = insert.entry().deliveredOn();
			quantities[i] = insert.entry().quantity();
			amounts[i] = insert.entry().amountFen();
			descriptions[i] = insert.entry().description();
			references[i] = insert.entry().reference();
			imports[i] = insert.importId();
			rows[i] = insert.importRow();
		}
		return this.db
			.sql("INSERT INTO volume_entry (id, member_id, delivered_on, quantity, amount_fen, description, reference, "
					+ "import_id, import_row, recorded_at, recorded_by) SELECT e.id, e.member_id, e.delivered_on, "
					+ "e.quantity, e.amount_fen, e.description, e.reference, e.import_id, e.import_row, :now, :actor "
					+ "FROM unnest(:ids::uuid[], :members::uuid[], :days::date[], :quantities::bigint[], "
					+ ":amounts::bigint[], :descriptions::text[], :references::text[], :imports::uuid[], :rows::int[]) "
					+ "AS e(id, member_id, delivered_on, quantity, amount_fen, description, reference, import_id, import_row)")
			.bind("ids", ids)
			.bind("members", members)
			.bind("days", days)
			.bind("quantities", quantities)
			.bind("amounts", amounts)
			.bind("descriptions", descriptions)
			.bind("references", references)
			.bind("imports", imports)
			.bind("rows", rows)
			.bind("now", now)
			.bind("actor", actor)
			.then();
	}

	/**
	 * Each member's entries delivered on the days {@code from} through {@code through}.
	 */
	Flux<SupplierVolume> volumes(LocalDate from, LocalDate through) {
		return this.db
			.sql("SELECT member_id, sum(amount_fen)::bigint AS amount, sum(quantity)::bigint AS quantity "
					+ "FROM volume_entry WHERE delivered_on BETWEEN :from AND :through GROUP BY member_id")
			.bind("from", from)
			.bind("through", through)
			.map((row) -> new SupplierVolume(row.get("member_id", UUID.class), row.get("amount", Long.class),
					row.get("quantity", Long.class)))
			.all();
	}

	Mono<VolumeEntryView> find(UUID id) {
		return this.db.sql("SELECT * FROM volume_entry WHERE id = :id")
			.bind("id", id)
			.map(VolumeEntries::toView)
			.first();
	}

	/** The entries of a year, by delivery day and then as recorded. */
	Flux<VolumeEntryView> page(int year, UUID memberId, PageQuery page) {
		return ofYear(
				this.db.sql("SELECT * FROM volume_entry WHERE delivered_on BETWEEN :from AND :through "
						+ "AND (CAST(:member AS uuid) IS NULL OR member_id = :member) "
						+ "ORDER BY delivered_on, recorded_at, import_row, id LIMIT :limit OFFSET :offset"),
				year, memberId)
			.bind("limit", page.size())
			.bind("offset", page.offset())
			.map(VolumeEntries::toView)
			.all();
	}

	Mono<Long> count(int year, UUID memberId) {
		return ofYear(this.db.sql("SELECT count(*) FROM volume_entry WHERE delivered_on BETWEEN :from AND :through "
				+ "AND (CAST(:member AS uuid) IS NULL OR member_id = :member)"), year, memberId)
			.map((row) -> row.get(0, Long.class))
			.one();
	}

	private static VolumeEntryView toView(Readable row) {
		return new VolumeEntryView(row.get("id", UUID.class), row.get("member_id", UUID.class),
				row.get("delivered_on", LocalDate.class), row.get("quantity", Long.class),
				row.get("amount_fen", Long.class), row.get("description", String.class),
				row.get("reference", String.class), row.get("import_id", UUID.class),
				row.get("import_row", Integer.class), row.get("recorded_at", Instant.class),
				row.get("recorded_by", String.class));
	}

	private static DatabaseClient.GenericExecuteSpec ofYear(DatabaseClient.GenericExecuteSpec spec, int year,
			UUID memberId) {
		spec = spec.bind("from", LocalDate.of(year, 1, 1)).bind("through", LocalDate.of(year, 12, 31));
		return (memberId != null) ? spec.bind("member", memberId) : spec.bindNull("member", UUID.class);
	}

}
