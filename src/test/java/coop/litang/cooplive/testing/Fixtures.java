package coop.litang.cooplive.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import coop.litang.cooplive.catalog.CatalogManagement;
import coop.litang.cooplive.catalog.CreateProduct;
import coop.litang.cooplive.catalog.NewSku;
import coop.litang.cooplive.catalog.SkuView;
import coop.litang.cooplive.catalog.Unit;
import coop.litang.cooplive.identity.IdentityManagement;
import coop.litang.cooplive.identity.NewUser;
import coop.litang.cooplive.identity.Role;
import coop.litang.cooplive.identity.TokenRequest;
import coop.litang.cooplive.members.MemberDetails;
import coop.litang.cooplive.members.MemberView;
import coop.litang.cooplive.members.MembersManagement;
import coop.litang.cooplive.members.TownshipDetails;
import coop.litang.cooplive.members.VillageDetails;
import coop.litang.cooplive.members.VillageView;
import coop.litang.cooplive.inventory.InventoryManagement;
import coop.litang.cooplive.inventory.ReceiveStock;
import coop.litang.cooplive.inventory.StockLevelView;
import coop.litang.cooplive.inventory.StockReceiptView;
import coop.litang.cooplive.livestream.Channel;
import coop.litang.cooplive.livestream.LineupItemDetails;
import coop.litang.cooplive.livestream.LivestreamManagement;
import coop.litang.cooplive.livestream.SessionDetails;
import coop.litang.cooplive.livestream.SessionView;
import coop.litang.cooplive.shared.Actor;
import coop.litang.cooplive.buyers.BuyerTokens;
import org.springframework.boot.test.context.TestComponent;

/**
 * Creates the data a test needs through the modules' own APIs, with unique codes, phones
 * and usernames so tests sharing a database never collide.
 */
@TestComponent
public class Fixtures {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final AtomicLong SEQUENCE = new AtomicLong(System.nanoTime() % 1_000_000);

	private static final Actor SYSTEM = new Actor("fixtures", List.of("ADMIN"), null);

	private final MembersManagement members;

	private final IdentityManagement identity;

	private final CatalogManagement catalog;

	private final InventoryManagement inventory;

	private final LivestreamManagement livestream;

	Fixtures(MembersManagement members, IdentityManagement identity, CatalogManagement catalog,
			InventoryManagement inventory, LivestreamManagement livestream, BuyerTokens buyerTokens) {
		Orders.tokensFrom(buyerTokens);
		this.members = members;
		this.identity = identity;
		this.catalog = catalog;
		this.inventory = inventory;
		this.livestream = livestream;
	}

	/** A new active product with one SKU at the given list price, and no stock. */
	public SkuView sku(long listPriceFen) {
		String code = "S" + unique();
		return this.catalog
			.createProduct(new CreateProduct(code, "测试商品", "Test product", "",
					List.of(new NewSku(code + "-PC", Unit.PIECE, "", listPriceFen))))
			.block(WAIT)
			.skus()
			.get(0);
	}

	/**
	 * A new product with one SKU named as a host would see it (names, unit, grade), its
	 * code the product's with the unit's first letters, and units on hand.
	 */
	public SkuView product(String code, String nameZh, String nameEn, Unit unit, String grade, long listPriceFen,
			long stock) {
		SkuView sku = this.catalog
			.createProduct(new CreateProduct(code, nameZh, nameEn, "",
					List.of(new NewSku(code + "-" + unit.name().substring(0, 2), unit, grade, listPriceFen))))
			.block(WAIT)
			.skus()
			.get(0);
		receive(sku.id(), stock);
		return sku;
	}

	/** A new SKU with units on hand, delivered by a new supplier member. */
	public SkuView skuInStock(long listPriceFen, long units) {
		SkuView sku = sku(listPriceFen);
		receive(sku.id(), units);
		return sku;
	}

	/** Records a stock receipt of the SKU from a new supplier member. */
	public StockReceiptView receive(UUID skuId, long units) {
		MemberView supplier = member(false);
		return this.inventory
			.receive(new ReceiveStock(skuId, supplier.id(), supplier.villageId(), units, units * 100,
					LocalDate.of(2026, 6, 1)), "fixtures")
			.block(WAIT);
	}

	public StockLevelView level(UUID skuId) {
		return this.inventory.level(skuId).block(WAIT);
	}

	public StockLevelView levelFromLedger(UUID skuId) {
		return this.inventory.levelFromLedger(skuId).block(WAIT);
	}

	/**
	 * A scheduled session of the host with one line-up item, sold to verified buyers with
	 * its units held at once (the defaults).
	 */
	public SessionView scheduledSession(UUID hostMemberId, UUID skuId, long priceFen, long quota, long perBuyerLimit) {
		return scheduledSession(hostMemberId, new LineupItemDetails(skuId, priceFen, quota, perBuyerLimit));
	}

	/** A scheduled session of the host with one line-up item. */
	public SessionView scheduledSession(UUID hostMemberId, LineupItemDetails item) {
		SessionView session = this.livestream
			.createSession(new SessionDetails("Live " + unique(), Channel.DOUYIN, "", Instant.now(), hostMemberId),
					SYSTEM)
			.block(WAIT);
		return this.livestream.addItem(session.id(), item, SYSTEM).block(WAIT);
	}

	/** A live session of the host selling the SKU at the price, with its quota held. */
	public SessionView liveSession(UUID hostMemberId, UUID skuId, long priceFen, long quota, long perBuyerLimit) {
		return liveSession(hostMemberId, new LineupItemDetails(skuId, priceFen, quota, perBuyerLimit));
	}

	/** A live session of the host with one line-up item, its quota held. */
	public SessionView liveSession(UUID hostMemberId, LineupItemDetails item) {
		SessionView session = scheduledSession(hostMemberId, item);
		return this.livestream.start(session.id(), SYSTEM).block(WAIT);
	}

	public SessionView endSession(UUID sessionId) {
		return this.livestream.end(sessionId, SYSTEM).block(WAIT);
	}

	/** A short unique suffix for codes and names. */
	public static String unique() {
		return Long.toString(SEQUENCE.incrementAndGet(), 36).toUpperCase();
	}

	/** A unique, valid mainland mobile number. */
	public static String uniquePhone() {
		return "139" + String.format("%08d", SEQUENCE.incrementAndGet() % 100_000_000);
	}

	public VillageView village() {
		var township = this.members.createTownship(new TownshipDetails("T" + unique(), "测试乡", "Test township"))
			.block(WAIT);
		return this.members.createVillage(new VillageDetails(township.id(), "V" + unique(), "测试村", "Test village"))
			.block(WAIT);
	}

	public MemberView member(boolean host) {
		return this.members
			.createMember(new MemberDetails("Member " + unique(), uniquePhone(), village().id(), true, host,
					LocalDate.of(2024, 1, 1)))
			.block(WAIT);
	}

	/**
	 * A bearer token of a new user with the role; a host gets a member household of its
	 * own.
	 */
	public String token(Role role) {
		return token(role, (role == Role.HOST) ? member(true).id() : null);
	}

	/** A new user with a password of the test's choosing (no host: it needs a member). */
	public void user(String username, String password, Role role) {
		this.identity.createUser(new NewUser(username, password, role, null)).block(WAIT);
	}

	/**
	 * A new host user with a password of the test's choosing, acting for a new member
	 * household of its own.
	 * @return the member household
	 */
	public MemberView host(String username, String password) {
		MemberView member = member(true);
		this.identity.createUser(new NewUser(username, password, Role.HOST, member.id())).block(WAIT);
		return member;
	}

	/** A scheduled session of the host with the title and no line-up. */
	public SessionView scheduledSession(UUID hostMemberId, String title, Instant scheduledStart) {
		return this.livestream
			.createSession(new SessionDetails(title, Channel.KUAISHOU, "", scheduledStart, hostMemberId), SYSTEM)
			.block(WAIT);
	}

	/** A bearer token of a new host user acting for the given member. */
	public String token(Role role, UUID memberId) {
		String username = role.name().toLowerCase() + "-" + unique().toLowerCase();
		String password = "password-" + unique();
		this.identity.createUser(new NewUser(username, password, role, memberId)).block(WAIT);
		return this.identity.issueToken(new TokenRequest(username, password), "fixtures").block(WAIT).accessToken();
	}

}
