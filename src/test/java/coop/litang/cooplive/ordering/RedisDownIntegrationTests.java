package coop.litang.cooplive.ordering;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import coop.litang.cooplive.catalog.SkuView;
import coop.litang.cooplive.inventory.StockLevelView;
import coop.litang.cooplive.livestream.SessionView;
import coop.litang.cooplive.testing.Fixtures;
import coop.litang.cooplive.testing.IntegrationTest;
import coop.litang.cooplive.testing.Orders;
import coop.litang.cooplive.testing.Race;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service with its Redis address pointing at a closed port: it starts, and live drops
 * stay exact on the PostgreSQL path alone.
 */
@IntegrationTest
@TestPropertySource(properties = "cooplive.redis.address=redis://127.0.0.1:1")
class RedisDownIntegrationTests {

	@Autowired
	Fixtures fixtures;

	@Autowired
	DatabaseClient db;

	@Autowired
	MeterRegistry meters;

	@LocalServerPort
	int port;

	@Test
	void fiveHundredBuyersForAHundredUnitsBuyExactlyAHundredWithoutRedis() {
		SkuView sku = this.fixtures.skuInStock(5800, 130);
		SessionView session = this.fixtures.liveSession(this.fixtures.member(true).id(), sku.id(), 5000, 100, 2);
		String repeatBuyer = Fixtures.uniquePhone();
		List<Race.Attempt> attempts = new ArrayList<>();
		for (int i = 0; i < 500; i++) {
			String phone = (i < 20) ? repeatBuyer : Fixtures.uniquePhone();
			attempts.add(new Race.Attempt(this.port, UUID.randomUUID().toString(),
					Orders.body(session.id(), phone, sku.code(), 1)));
		}
		List<Race.Outcome> outcomes = Race.run(attempts);

		assertThat(outcomes.stream().filter(Race.Outcome::accepted)).hasSize(100);
		assertThat(outcomes).allSatisfy((o) -> assertThat(o.accepted() || o.status() == 409).as(o.toString()).isTrue());
		assertThat(this.db.sql("SELECT sold FROM lineup_item WHERE session_id = :id")
			.bind("id", session.id())
			.map((row) -> row.get(0, Long.class))
			.one()
			.block()).isEqualTo(100);
		assertThat(this.db.sql("SELECT units FROM buyer_claim WHERE buyer_phone = :phone")
			.bind("phone", repeatBuyer)
			.map((row) -> row.get(0, Long.class))
			.one()
			.block()).isLessThanOrEqualTo(2);
		assertThat(this.fixtures.level(sku.id())).isEqualTo(StockLevelView.of(sku.id(), 130, 100));
		assertThat(this.fixtures.levelFromLedger(sku.id())).isEqualTo(this.fixtures.level(sku.id()));
		assertThat(this.meters.get("cooplive.gate.fallbacks").counter().count()).isGreaterThan(0);
	}

}
