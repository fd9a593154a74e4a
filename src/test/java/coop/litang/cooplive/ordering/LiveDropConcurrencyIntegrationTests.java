package coop.litang.cooplive.ordering;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import coop.litang.cooplive.catalog.SkuView;
import coop.litang.cooplive.inventory.StockLevelView;
import coop.litang.cooplive.livestream.SessionView;
import coop.litang.cooplive.testing.Fixtures;
import coop.litang.cooplive.testing.IntegrationTest;
import coop.litang.cooplive.testing.Orders;
import coop.litang.cooplive.testing.Race;
import coop.litang.cooplive.testing.SecondInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Live drops under real concurrency: many buyers at once over HTTP, the verdict read back
 * from PostgreSQL.
 */
@IntegrationTest
class LiveDropConcurrencyIntegrationTests {

	@Autowired
	Fixtures fixtures;

	@Autowired
	DatabaseClient db;

	@Autowired
	Environment environment;

	@LocalServerPort
	int port;

	@Test
	void fiveHundredBuyersRacingForAHundredUnitsOfALiveItemBuyExactlyAHundred() {
		SkuView sku = this.fixtures.skuInStock(5800, 150);
		SessionView session = this.fixtures.liveSession(this.fixtures.member(true).id(), sku.id(), 5000, 100, 2);
		List<Race.Attempt> attempts = new ArrayList<>();
		for (int i = 0; i < 500; i++) {
			attempts.add(new Race.Attempt(this.port, UUID.randomUUID().toString(),
					Orders.body(session.id(), Fixtures.uniquePhone(), sku.code(), 1)));
		}
		List<Race.Outcome> outcomes = Race.run(attempts);

		assertThat(outcomes.stream().filter(Race.Outcome::accepted)).hasSize(100);
		assertThat(outcomes.stream().filter((o) -> o.refusedWith("QUOTA_EXCEEDED"))).hasSize(400);
		assertLiveItemSold(session.id(), 100, 100);
		assertThat(this.fixtures.level(sku.id())).isEqualTo(StockLevelView.of(sku.id(), 150, 100));
		assertThat(this.fixtures.levelFromLedger(sku.id())).isEqualTo(this.fixtures.level(sku.id()));
	}

	@Test
	void fiveHundredBuyersRacingForAHundredUnitsOfGeneralStockHoldExactlyAHundred() {
		SkuView sku = this.fixtures.skuInStock(5800, 100);
		List<Race.Attempt> attempts = new ArrayList<>();
		for (int i = 0; i < 500; i++) {
			attempts.add(new Race.Attempt(this.port, UUID.randomUUID().toString(),
					Orders.body(null, Fixtures.uniquePhone(), sku.code(), 1)));
		}
		List<Race.Outcome> outcomes = Race.run(attempts);

		assertThat(outcomes.stream().filter(Race.Outcome::accepted)).hasSize(100);
		assertThat(outcomes.stream().filter((o) -> o.refusedWith("SOLD_OUT"))).hasSize(400);
		assertThat(this.fixtures.level(sku.id())).isEqualTo(StockLevelView.of(sku.id(), 100, 100));
		assertThat(this.fixtures.levelFromLedger(sku.id())).isEqualTo(this.fixtures.level(sku.id()));
		assertThat(count("SELECT count(*) FROM order_line WHERE sku_id = :id", sku.id())).isEqualTo(100);
	}

	@Test
	void oneBuyerFiringTwentyRequestsAtOnceGetsNoMoreThanTheLimit() {
		SkuView sku = this.fixtures.skuInStock(100, 100);
		// a limit below the unpaid orders one buyer may have (3), which would refuse
		// first
		SessionView session = this.fixtures.liveSession(this.fixtures.member(true).id(), sku.id(), 90, 50, 2);
		String phone = Fixtures.uniquePhone();
		List<Race.Attempt> attempts = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			// the same buyer, spelling the number in different ways
			String spelled = (i % 2 == 0) ? phone : "+86 " + phone;
			attempts.add(new Race.Attempt(this.port, UUID.randomUUID().toString(),
					Orders.body(session.id(), spelled, sku.code(), 1)));
		}
		List<Race.Outcome> outcomes = Race.run(attempts);

		assertThat(outcomes.stream().filter(Race.Outcome::accepted)).hasSize(2);
		assertThat(outcomes.stream().filter((o) -> o.refusedWith("BUYER_LIMIT_EXCEEDED"))).hasSize(18);
		assertThat(count("SELECT coalesce(sum(units), 0)::bigint FROM buyer_claim WHERE buyer_phone = :phone", phone))
			.isEqualTo(2);
		assertThat(count("SELECT unpaid_orders::bigint FROM buyer_hold WHERE buyer_phone = :phone", phone))
			.as("the refused orders no longer count as unpaid")
			.isEqualTo(2);
		assertLiveItemSold(session.id(), 2, 2);
	}

	@Test
	void twentyConcurrentRetriesWithOneKeyMakeOneOrder() {
		SkuView sku = this.fixtures.skuInStock(100, 100);
		String key = UUID.randomUUID().toString();
		var body = Orders.body(null, Fixtures.uniquePhone(), sku.code(), 2);
		List<Race.Attempt> attempts = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			attempts.add(new Race.Attempt(this.port, key, body));
		}
		List<Race.Outcome> outcomes = Race.run(attempts);

		assertThat(outcomes).allSatisfy((o) -> assertThat(o.status()).isIn(200, 201));
		assertThat(outcomes.stream().filter(Race.Outcome::accepted)).hasSize(1);
		assertThat(outcomes.stream().map((o) -> o.body().substring(0, o.body().indexOf(','))))
			.containsOnly(outcomes.get(0).body().substring(0, outcomes.get(0).body().indexOf(',')));
		assertThat(this.fixtures.level(sku.id()).reserved()).isEqualTo(2);
		assertThat(count("SELECT count(*) FROM order_line WHERE sku_id = :id", sku.id())).isEqualTo(1);
	}

	@Test
	void twentyConcurrentRetriesOfALiveOrderMakeOneOrder() {
		SkuView sku = this.fixtures.skuInStock(100, 100);
		SessionView session = this.fixtures.liveSession(this.fixtures.member(true).id(), sku.id(), 90, 50, 5);
		List<Race.Outcome> outcomes = retriesAtOnce(20,
				Orders.body(session.id(), Fixtures.uniquePhone(), sku.code(), 2));

		assertThat(outcomes).allSatisfy((o) -> assertThat(o.status()).isIn(200, 201));
		assertThat(outcomes.stream().filter(Race.Outcome::accepted)).hasSize(1);
		assertLiveItemSold(session.id(), 2, 2);
	}

	@Test
	void twentyConcurrentRetriesForTheLastUnitsAreAllAnsweredWithTheOneOrder() {
		SkuView sku = this.fixtures.skuInStock(100, 100);
		SessionView session = this.fixtures.liveSession(this.fixtures.member(true).id(), sku.id(), 90, 2, 2);
		List<Race.Outcome> outcomes = retriesAtOnce(20,
				Orders.body(session.id(), Fixtures.uniquePhone(), sku.code(), 2));

		// never refused for the units its own order took
		assertThat(outcomes).allSatisfy((o) -> assertThat(o.status()).as(o.body()).isIn(200, 201));
		assertThat(outcomes.stream().filter(Race.Outcome::accepted)).hasSize(1);
		assertThat(outcomes.stream().map((o) -> o.body().substring(0, o.body().indexOf(','))))
			.containsOnly(outcomes.get(0).body().substring(0, outcomes.get(0).body().indexOf(',')));
		assertLiveItemSold(session.id(), 2, 2);
	}

	@Test
	void twoInstancesSharingDatabaseAndRedisStillSellExactlyTheQuota() {
		SkuView sku = this.fixtures.skuInStock(5800, 120);
		SessionView session = this.fixtures.liveSession(this.fixtures.member(true).id(), sku.id(), 5000, 100, 2);
		String repeatBuyer = Fixtures.uniquePhone();
		try (SecondInstance second = new SecondInstance(this.environment)) {
			List<Race.Attempt> attempts = new ArrayList<>();
			for (int i = 0; i < 400; i++) {
				int target = (i % 2 == 0) ? this.port : second.port();
				String phone = (i < 20) ? repeatBuyer : Fixtures.uniquePhone();
				attempts.add(new Race.Attempt(target, UUID.randomUUID().toString(),
						Orders.body(session.id(), phone, sku.code(), 1)));
			}
			List<Race.Outcome> outcomes = Race.run(attempts);

			assertThat(outcomes.stream().filter(Race.Outcome::accepted)).hasSize(100);
			assertThat(outcomes).allSatisfy((o) -> assertThat(o.status()).isIn(201, 409));
		}
		assertThat(count("SELECT coalesce(sum(units), 0)::bigint FROM buyer_claim WHERE buyer_phone = :phone",
				repeatBuyer))
			.isLessThanOrEqualTo(2);
		assertLiveItemSold(session.id(), 100, 100);
		assertThat(this.fixtures.level(sku.id())).isEqualTo(StockLevelView.of(sku.id(), 120, 100));
		assertThat(this.fixtures.levelFromLedger(sku.id())).isEqualTo(this.fixtures.level(sku.id()));
	}

	// one order sent that many times at once, with one key
	private List<Race.Outcome> retriesAtOnce(int times, Map<String, Object> body) {
		String key = UUID.randomUUID().toString();
		List<Race.Attempt> attempts = new ArrayList<>();
		for (int i = 0; i < times; i++) {
			attempts.add(new Race.Attempt(this.port, key, body));
		}
		return Race.run(attempts);
	}

	private void assertLiveItemSold(UUID sessionId, long sold, long orderedUnits) {
		assertThat(count("SELECT sold FROM lineup_item WHERE session_id = :id", sessionId)).isEqualTo(sold);
		assertThat(count("SELECT coalesce(sum(l.quantity), 0)::bigint FROM order_line l JOIN orders o "
				+ "ON o.id = l.order_id WHERE o.session_id = :id AND o.status = 'PENDING_PAYMENT'", sessionId))
			.isEqualTo(orderedUnits);
		assertThat(count("SELECT coalesce(sum(c.units), 0)::bigint FROM buyer_claim c JOIN lineup_item i "
				+ "ON i.id = c.lineup_item_id WHERE i.session_id = :id", sessionId))
			.isEqualTo(orderedUnits);
	}

	private long count(String sql, Object parameter) {
		String name = sql.contains(":phone") ? "phone" : "id";
		return this.db.sql(sql).bind(name, parameter).map((row) -> row.get(0, Long.class)).one().block();
	}

}
