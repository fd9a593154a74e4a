package coop.litang.cooplive.livestream;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import coop.litang.cooplive.catalog.SkuView;
import coop.litang.cooplive.shared.RedisAccess;
import coop.litang.cooplive.testing.Fixtures;
import coop.litang.cooplive.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.redisson.client.codec.StringCodec;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis gate answers many buyers of one item in shared round trips: under real
 * concurrency it admits exactly what is left, each buyer within the limit, each order
 * attempt once.
 */
@IntegrationTest
class LiveGateIntegrationTests {

	@Autowired
	Fixtures fixtures;

	@Autowired
	LivestreamManagement livestream;

	@Autowired
	RedisAccess redis;

	@Autowired
	io.micrometer.core.instrument.MeterRegistry meters;

	private long admitCalls() {
		return this.meters.get("cooplive.redis.commands")
			.tags("command", "admit", "outcome", "success")
			.timer()
			.count();
	}

	private record Answer(GatePass pass, String refusal) {
	}

	private List<Answer> race(ClaimedItem item, List<String> phones, List<String> marks) {
		return Flux.range(0, phones.size())
			.flatMap((i) -> this.livestream.passGate(item, phones.get(i), marks.get(i))
				.map((pass) -> new Answer(pass, null))
				.onErrorResume((ex) -> Mono.just(new Answer(null, ex.getClass().getSimpleName())))
				.subscribeOn(Schedulers.parallel()), 200)
			.collectList()
			.block(Duration.ofSeconds(30));
	}

	private ClaimedItem liveItem(long quota, long perBuyerLimit) {
		SkuView sku = this.fixtures.skuInStock(5000, 1000);
		SessionView session = this.fixtures.liveSession(this.fixtures.member(true).id(), sku.id(), 4800, quota,
				perBuyerLimit);
		return this.livestream.liveItem(session.id(), sku.code(), 1, "lines[0].sku").block(Duration.ofSeconds(10));
	}

	private String left(ClaimedItem item) {
		return this.redis.reactive()
			.block()
			.<String, String>getMap(this.redis.settings().key("gate", item.lineupItemId().toString()),
					StringCodec.INSTANCE)
			.get("left")
			.block();
	}

	@Test
	void twoHundredBuyersAtOnceGetExactlyWhatIsLeft() {
		ClaimedItem item = liveItem(37, 1);
		List<String> phones = Flux.range(0, 200).map((i) -> Fixtures.uniquePhone()).collectList().block();
		List<String> marks = phones.stream().map((phone) -> UUID.randomUUID().toString()).toList();
		long callsBefore = admitCalls();

		List<Answer> answers = race(item, phones, marks);

		// buyers arriving while a call is out share the next one
		assertThat(admitCalls() - callsBefore).isLessThan(200);

		assertThat(answers.stream().filter((a) -> a.pass() == GatePass.TAKEN)).hasSize(37);
		assertThat(answers.stream().filter((a) -> "QuotaExceeded".equals(a.refusal()))).hasSize(163);
		assertThat(left(item)).isEqualTo("0");
	}

	@Test
	void oneBuyerAtOnceTakesNoMoreThanTheLimitAndOneKeyPassesOnce() {
		ClaimedItem item = liveItem(100, 3);
		String phone = Fixtures.uniquePhone();
		List<String> phones = java.util.Collections.nCopies(40, phone);
		List<String> marks = Flux.range(0, 40).map((i) -> "k-" + UUID.randomUUID()).collectList().block();

		List<Answer> answers = race(item, phones, marks);

		assertThat(answers.stream().filter((a) -> a.pass() == GatePass.TAKEN)).hasSize(3);
		// Redis may count units no order holds (an instance died before committing them):
		// the buyer's limit is left to PostgreSQL, which refuses these
		assertThat(answers.stream().filter((a) -> a.pass() == GatePass.UNDECIDED)).hasSize(37);
		assertThat(left(item)).isEqualTo("97");

		String key = "same-" + UUID.randomUUID();
		List<Answer> retries = race(item, Flux.range(0, 30).map((i) -> Fixtures.uniquePhone()).collectList().block(),
				java.util.Collections.nCopies(30, key));
		assertThat(retries.stream().filter((a) -> a.pass() == GatePass.TAKEN)).hasSize(1);
		// the first attempt may still be in flight: its mark is seconds old
		assertThat(retries.stream().filter((a) -> a.pass() == GatePass.MARKED_RECENTLY)).hasSize(29);
		assertThat(left(item)).isEqualTo("96");
	}

}
