package coop.litang.cooplive.livestream;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import coop.litang.cooplive.catalog.Unit;
import coop.litang.cooplive.shared.PageQuery;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Sessions, line-up items and buyer claims in PostgreSQL.
 */
@Repository
class Sessions {

	private static final String ITEM_SELECT = "SELECT i.* FROM lineup_item i ";

	private final DatabaseClient db;

	Sessions(DatabaseClient db) {
		this.db = db;
	}

	record Item(UUID id, UUID sessionId, UUID skuId, String skuCode, long priceFen, long quota, long perBuyerLimit,
			boolean pinned, boolean open, long sold, ClaimedItem.Terms terms) {

		LineupItemView view() {
			return new LineupItemView(this.id, this.skuId, this.skuCode, this.priceFen, this.quota, this.perBuyerLimit,
					this.pinned, this.sold, this.quota - this.sold, this.terms.verifiedBuyers(),
					this.terms.payToClaim(), (int) this.terms.hold().toMinutes());
		}

	}

	Mono<Void> insert(UUID id, UUID hostMemberId, SessionDetails details, Instant now) {
		return this.db
			.sql("INSERT INTO live_session (id, host_member_id, title, channel, room_link, scheduled_start, status, "
					+ "created_at, updated_at) VALUES (:id, :host, :title, :channel, :link, :start, 'SCHEDULED', :now, :now)")
			.bind("id", id)
			.bind("host", hostMemberId)
			.bind("title", details.title())
			.bind("channel", details.channel().name())
			.bind("link", details.roomLink())
			.bind("start", details.scheduledStart())
			.bind("now", now)
			.then();
	}

	Mono<Long> update(UUID id, SessionDetails details, Instant now) {
		return this.db
			.sql("UPDATE live_session SET title = :title, channel = :channel, room_link = :link, "
					+ "scheduled_start = :start, updated_at = :now WHERE id = :id AND status <> 'ENDED'")
			.bind("id", id)
			.bind("title", details.title())
			.bind("channel", details.channel().name())
			.bind("link", details.roomLink())
			.bind("start", details.scheduledStart())
			.bind("now", now)
			.fetch()
			.rowsUpdated();
	}

	/**
	 * Moves a session from one status to the next; zero rows when it is not in
	 * {@code from}.
	 */
	Mono<Long> transition(UUID id, SessionStatus from, SessionStatus to, Instant now) {
		String stamp = (to == SessionStatus.LIVE) ? "started_at" : "ended_at";
		return this.db
			.sql("UPDATE live_session SET status = :to, " + stamp + " = :now, updated_at = :now "
					+ "WHERE id = :id AND status = :from")
			.bind("id", id)
			.bind("from", from.name())
			.bind("to", to.name())
			.bind("now", now)
			.fetch()
			.rowsUpdated();
	}

	record Header(UUID id, UUID hostMemberId, String title, Channel channel, String roomLink, Instant scheduledStart,
			SessionStatus status, Instant startedAt, Instant endedAt) {

		SessionView view(List<LineupItemView> lineup) {
			return new SessionView(this.id, this.hostMemberId, this.title, this.channel, this.roomLink,
					this.scheduledStart, this.status, this.startedAt, this.endedAt, lineup);
		}

	}

	Mono<Header> header(UUID id) {
		return this.db.sql("SELECT * FROM live_session WHERE id = :id").bind("id", id).map(Sessions::toHeader).first();
	}

	Mono<Header> headerForUpdate(UUID id) {
		return this.db.sql("SELECT * FROM live_session WHERE id = :id FOR UPDATE")
			.bind("id", id)
			.map(Sessions::toHeader)
			.first();
	}

	Flux<Header> page(SessionStatus status, UUID hostMemberId, PageQuery page) {
		return filtered("SELECT * FROM live_session", status, hostMemberId,
				" ORDER BY scheduled_start, id LIMIT :limit OFFSET :offset")
			.bind("limit", page.size())
			.bind("offset", page.offset())
			.map(Sessions::toHeader)
			.all();
	}

	Mono<Long> count(SessionStatus status, UUID hostMemberId) {
		return filtered("SELECT count(*) FROM live_session", status, hostMemberId, "")
			.map((row) -> row.get(0, Long.class))
			.one();
	}

	/** The ids of every session of a host, whatever their status. */
	Flux<UUID> idsOfHost(UUID hostMemberId) {
		return this.db.sql("SELECT id FROM live_session WHERE host_member_id = :host")
			.bind("host", hostMemberId)
			.map((row) -> row.get(0, UUID.class))
			.all();
	}

	private DatabaseClient.GenericExecuteSpec filtered(String select, SessionStatus status, UUID hostMemberId,
			String tail) {
		List<String> conditions = new ArrayList<>();
		if (status != null) {
			conditions.add("status = :status");
		}
		if (hostMemberId != null) {
			conditions.add("host_member_id = :host");
		}
		var spec = this.db
			.sql(select + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions)) + tail);
		if (status != null) {
			spec = spec.bind("status", status.name());
		}
		if (hostMemberId != null) {
			spec = spec.bind("host", hostMemberId);
		}
		return spec;
	}

	Mono<Void> insertItem(UUID id, UUID sessionId, LineupItemDetails details, String skuCode, Unit unit, Instant now) {
		return terms(this.db
			.sql("INSERT INTO lineup_item (id, session_id, sku_id, sku_code, unit, session_price_fen, quota, per_buyer_limit, "
					+ "verified_buyers, pay_to_claim, hold_seconds, created_at) VALUES (:id, :session, :sku, :code, "
					+ ":unit, :price, :quota, :limit, :verified, :payToClaim, :hold, :now)")
			.bind("id", id)
			.bind("session", sessionId)
			.bind("now", now), details, skuCode, unit).then();
	}

	Mono<Long> updateItem(UUID itemId, LineupItemDetails details, String skuCode, Unit unit) {
		return terms(this.db
			.sql("UPDATE lineup_item SET sku_id = :sku, sku_code = :code, unit = :unit, session_price_fen = :price, "
					+ "quota = :quota, per_buyer_limit = :limit, verified_buyers = :verified, "
					+ "pay_to_claim = :payToClaim, hold_seconds = :hold WHERE id = :id AND NOT open AND sold = 0")
			.bind("id", itemId), details, skuCode, unit).fetch().rowsUpdated();
	}

	private static DatabaseClient.GenericExecuteSpec terms(DatabaseClient.GenericExecuteSpec spec,
			LineupItemDetails details, String skuCode, Unit unit) {
		return spec.bind("sku", details.skuId())
			.bind("code", skuCode)
			.bind("unit", unit.name())
			.bind("price", details.sessionPriceFen())
			.bind("quota", details.quota())
			.bind("limit", details.perBuyerLimit())
			.bind("verified", details.verifiedBuyers())
			.bind("payToClaim", details.payToClaim())
			.bind("hold", details.holdMinutes() * 60);
	}

	Mono<Long> deleteItem(UUID itemId) {
		return this.db.sql("DELETE FROM lineup_item WHERE id = :id AND NOT open AND sold = 0")
			.bind("id", itemId)
			.fetch()
			.rowsUpdated();
	}

	Mono<Void> pin(UUID sessionId, UUID itemId) {
		return this.db.sql("UPDATE lineup_item SET pinned = false WHERE session_id = :session AND pinned")
			.bind("session", sessionId)
			.then()
			.then(this.db.sql("UPDATE lineup_item SET pinned = true WHERE id = :id").bind("id", itemId).then());
	}

	Mono<Long> setOpen(UUID itemId, boolean open) {
		return this.db.sql("UPDATE lineup_item SET open = :open WHERE id = :id")
			.bind("id", itemId)
			.bind("open", open)
			.fetch()
			.rowsUpdated();
	}

	/** Closes an item and answers the units of its quota nobody holds. */
	Mono<Long> close(UUID itemId) {
		return this.db.sql("UPDATE lineup_item SET open = false WHERE id = :id AND open RETURNING quota - sold")
			.bind("id", itemId)
			.map((row) -> row.get(0, Long.class))
			.first()
			.defaultIfEmpty(0L);
	}

	Flux<Item> items(UUID sessionId) {
		return this.db.sql(ITEM_SELECT + "WHERE i.session_id = :session ORDER BY i.created_at, i.id")
			.bind("session", sessionId)
			.map(Sessions::toItem)
			.all();
	}

	Flux<Item> openItems() {
		return this.db.sql(ITEM_SELECT + "WHERE i.open").map(Sessions::toItem).all();
	}

	Mono<Item> item(UUID itemId) {
		return this.db.sql(ITEM_SELECT + "WHERE i.id = :id").bind("id", itemId).map(Sessions::toItem).first();
	}

	Mono<Map<UUID, List<LineupItemView>>> lineups(List<UUID> sessionIds) {
		if (sessionIds.isEmpty()) {
			return Mono.just(Map.of());
		}
		return this.db.sql(ITEM_SELECT + "WHERE i.session_id = ANY(:ids) ORDER BY i.created_at, i.id")
			.bind("ids", sessionIds.toArray(UUID[]::new))
			.map(Sessions::toItem)
			.all()
			.collectList()
			.map((items) -> {
				Map<UUID, List<LineupItemView>> bySession = new LinkedHashMap<>();
				items.forEach((item) -> bySession.computeIfAbsent(item.sessionId(), (k) -> new ArrayList<>())
					.add(item.view()));
				return bySession;
			});
	}

	/** Adds to what a buyer holds of an item; zero rows when that passes the limit. */
	Mono<Long> claimForBuyer(UUID itemId, String phone, long quantity, long limit) {
		return this.db
			.sql("INSERT INTO buyer_claim (lineup_item_id, buyer_phone, units, per_buyer_limit) "
					+ "VALUES (:item, :phone, :q, :limit) ON CONFLICT (lineup_item_id, buyer_phone) DO UPDATE "
					+ "SET units = buyer_claim.units + :q WHERE buyer_claim.units + :q <= buyer_claim.per_buyer_limit")
			.bind("item", itemId)
			.bind("phone", phone)
			.bind("q", quantity)
			.bind("limit", limit)
			.fetch()
			.rowsUpdated();
	}

	/**
	 * Takes units of an open item's quota; zero rows when fewer are left or it is closed.
	 */
	Mono<Long> claimQuota(UUID itemId, long quantity) {
		return this.db.sql("UPDATE lineup_item SET sold = sold + :q WHERE id = :id AND open AND sold + :q <= quota")
			.bind("id", itemId)
			.bind("q", quantity)
			.fetch()
			.rowsUpdated();
	}

	/**
	 * Adds to what each buyer holds of an item, one statement for all (one wish per
	 * buyer); answers the buyers whose claim stayed within the limit.
	 */
	Mono<Set<String>> claimForBuyers(UUID itemId, long limit, List<BuyerUnits> wishes) {
		return this.db.sql("INSERT INTO buyer_claim (lineup_item_id, buyer_phone, units, per_buyer_limit) "
				+ "SELECT :item, p, q, :limit FROM unnest(:phones::text[], :qs::bigint[]) AS t(p, q) "
				+ "ON CONFLICT (lineup_item_id, buyer_phone) DO UPDATE SET units = buyer_claim.units + EXCLUDED.units "
				+ "WHERE buyer_claim.units + EXCLUDED.units <= buyer_claim.per_buyer_limit RETURNING buyer_phone")
			.bind("item", itemId)
			.bind("limit", limit)
			.bind("phones", wishes.stream().map(BuyerUnits::buyerPhone).toArray(String[]::new))
			.bind("qs", wishes.stream().map(BuyerUnits::quantity).toArray(Long[]::new))
			.map((row) -> row.get(0, String.class))
			.all()
			.collect(HashSet::new, Set::add);
	}

	Mono<Void> unclaimForBuyers(UUID itemId, List<BuyerUnits> wishes) {
		if (wishes.isEmpty()) {
			return Mono.empty();
		}
		return this.db.sql(
				"UPDATE buyer_claim c SET units = c.units - t.q FROM unnest(:phones::text[], :qs::bigint[]) AS t(p, q) "
						+ "WHERE c.lineup_item_id = :item AND c.buyer_phone = t.p")
			.bind("item", itemId)
			.bind("phones", wishes.stream().map(BuyerUnits::buyerPhone).toArray(String[]::new))
			.bind("qs", wishes.stream().map(BuyerUnits::quantity).toArray(Long[]::new))
			.then();
	}

	/**
	 * Takes up to {@code wanted} units of an open item's quota, its row locked until the
	 * caller's transaction ends; answers how many it got.
	 */
	Mono<Long> claimQuotaUpTo(UUID itemId, long wanted) {
		if (wanted == 0) {
			return Mono.just(0L);
		}
		return this.db
			.sql("WITH room AS (SELECT id, LEAST(:wanted, quota - sold) AS granted FROM lineup_item "
					+ "WHERE id = :item AND open FOR UPDATE) UPDATE lineup_item SET sold = sold + room.granted "
					+ "FROM room WHERE lineup_item.id = room.id RETURNING room.granted")
			.bind("item", itemId)
			.bind("wanted", wanted)
			.map((row) -> row.get(0, Long.class))
			.first()
			.defaultIfEmpty(0L);
	}

	Mono<Void> returnQuota(UUID itemId, long units) {
		if (units == 0) {
			return Mono.empty();
		}
		return this.db.sql("UPDATE lineup_item SET sold = sold - :units WHERE id = :item")
			.bind("item", itemId)
			.bind("units", units)
			.then();
	}

	/**
	 * What is left of an open item's quota and what the buyer holds or bought of it;
	 * empty once it is closed.
	 */
	Mono<long[]> leftAndHeld(UUID itemId, String phone) {
		return this.db
			.sql("SELECT i.quota - i.sold AS left, coalesce(c.units, 0) AS held FROM lineup_item i "
					+ "LEFT JOIN buyer_claim c ON c.lineup_item_id = i.id AND c.buyer_phone = :phone "
					+ "WHERE i.id = :id AND i.open")
			.bind("id", itemId)
			.bind("phone", phone)
			.map((row) -> new long[] { row.get("left", Long.class), row.get("held", Long.class) })
			.first();
	}

	/**
	 * The per-buyer limit of an item and its quota left, as last committed (read without
	 * waiting for a lock), while it is open; empty once it is closed.
	 */
	Mono<long[]> openItemLimitAndLeft(UUID itemId) {
		return this.db.sql("SELECT per_buyer_limit, quota - sold AS left FROM lineup_item WHERE id = :id AND open")
			.bind("id", itemId)
			.map((row) -> new long[] { row.get("per_buyer_limit", Long.class), row.get("left", Long.class) })
			.first();
	}

	Mono<Void> unclaimForBuyer(UUID itemId, String phone, long quantity) {
		return this.db
			.sql("UPDATE buyer_claim SET units = units - :q WHERE lineup_item_id = :item AND buyer_phone = :phone")
			.bind("item", itemId)
			.bind("phone", phone)
			.bind("q", quantity)
			.then();
	}

	/** Gives units back to an item's quota and answers whether the item is still open. */
	Mono<Boolean> unclaimQuota(UUID itemId, long quantity) {
		return this.db.sql("UPDATE lineup_item SET sold = sold - :q WHERE id = :id RETURNING open")
			.bind("id", itemId)
			.bind("q", quantity)
			.map((row) -> Boolean.TRUE.equals(row.get(0, Boolean.class)))
			.one();
	}

	Flux<Map.Entry<String, Long>> buyerClaims(UUID itemId) {
		return this.db.sql("SELECT buyer_phone, units FROM buyer_claim WHERE lineup_item_id = :item AND units > 0")
			.bind("item", itemId)
			.map((row) -> Map.entry(row.get("buyer_phone", String.class), row.get("units", Long.class)))
			.all();
	}

	private static Header toHeader(Readable row) {
		return new Header(row.get("id", UUID.class), row.get("host_member_id", UUID.class),
				row.get("title", String.class), Channel.valueOf(row.get("channel", String.class)),
				row.get("room_link", String.class), row.get("scheduled_start", Instant.class),
				SessionStatus.valueOf(row.get("status", String.class)), row.get("started_at", Instant.class),
				row.get("ended_at", Instant.class));
	}

	// items added before units were kept here have none: the catalog knows it
	private static Unit unit(String stored) {
		return (stored != null) ? Unit.valueOf(stored) : null;
	}

	private static Item toItem(Readable row) {
		return new Item(row.get("id", UUID.class), row.get("session_id", UUID.class), row.get("sku_id", UUID.class),
				row.get("sku_code", String.class), row.get("session_price_fen", Long.class),
				row.get("quota", Long.class), row.get("per_buyer_limit", Long.class),
				Boolean.TRUE.equals(row.get("pinned", Boolean.class)),
				Boolean.TRUE.equals(row.get("open", Boolean.class)), row.get("sold", Long.class),
				new ClaimedItem.Terms(unit(row.get("unit", String.class)),
						Boolean.TRUE.equals(row.get("verified_buyers", Boolean.class)),
						Boolean.TRUE.equals(row.get("pay_to_claim", Boolean.class)),
						Duration.ofSeconds(row.get("hold_seconds", Integer.class))));
	}

}
