package coop.litang.cooplive.demo;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import coop.litang.cooplive.catalog.CatalogManagement;
import coop.litang.cooplive.catalog.CreateProduct;
import coop.litang.cooplive.catalog.NewSku;
import coop.litang.cooplive.catalog.Unit;
import coop.litang.cooplive.identity.IdentityManagement;
import coop.litang.cooplive.identity.NewUser;
import coop.litang.cooplive.identity.Role;
import coop.litang.cooplive.members.ContributionSource;
import coop.litang.cooplive.members.HouseholdDisclosure;
import coop.litang.cooplive.members.MemberDetails;
import coop.litang.cooplive.members.MembersManagement;
import coop.litang.cooplive.members.NewContribution;
import coop.litang.cooplive.members.NewShareholder;
import coop.litang.cooplive.members.TownshipDetails;
import coop.litang.cooplive.members.VillageDetails;
import coop.litang.cooplive.shared.PageQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loads the Litang places and products from {@code demo/litang.json}, a few member
 * households and shareholders, and the demo users, through the modules' own APIs.
 */
class DemoData {

	private static final Logger log = LoggerFactory.getLogger(DemoData.class);

	/** Demo users and their development passwords, as the README gives them. */
	static final List<String[]> USERS = List.of(new String[] { "admin", "admin-dev-pass", "ADMIN" },
			new String[] { "host", "host-dev-pass", "HOST" },
			new String[] { "accountant", "accountant-dev-pass", "ACCOUNTANT" },
			// a run is approved by an accountant other than the one who computed it
			new String[] { "accountant2", "accountant2-dev-pass", "ACCOUNTANT" });

	private final CatalogManagement catalog;

	private final MembersManagement members;

	private final IdentityManagement identity;

	private final JsonMapper json;

	DemoData(CatalogManagement catalog, MembersManagement members, IdentityManagement identity, JsonMapper json) {
		this.catalog = catalog;
		this.members = members;
		this.identity = identity;
		this.json = json;
	}

	/**
	 * Loads everything unless the database already has townships; says whether it did.
	 */
	Mono<Boolean> loadIntoEmptyDatabase() {
		return Mono.fromCallable(this::read)
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap((root) -> this.members.townships(new PageQuery(0, 1)).flatMap((page) -> {
				if (page.totalItems() > 0) {
					log.info("Demo data: the database already has data, nothing loaded");
					return Mono.just(false);
				}
				return places(root).then(products(root)).then(households()).thenReturn(true);
			}));
	}

	private JsonNode read() {
		try (InputStream in = new ClassPathResource("demo/litang.json").getInputStream()) {
			return this.json.readTree(in);
		}
		catch (IOException ex) {
			throw new IllegalStateException("demo/litang.json cannot be read", ex);
		}
	}

	private Mono<Void> places(JsonNode root) {
		return Flux.fromIterable(root.get("townships"))
			.concatMap(
					(township) -> this.members
						.createTownship(new TownshipDetails(township.get("code").asString(),
								township.get("name_zh").asString(), township.get("name_en").asString()))
						.flatMapMany(
								(created) -> Flux.fromIterable(township.get("villages"))
									.concatMap((village) -> this.members.createVillage(new VillageDetails(created.id(),
											village.get("code").asString(), village.get("name_zh").asString(),
											village.get("name_en").asString())))))
			.then();
	}

	private Mono<Void> products(JsonNode root) {
		return Flux.fromIterable(root.get("products")).concatMap((product) -> {
			List<NewSku> skus = new ArrayList<>();
			for (JsonNode sku : product.get("skus")) {
				String unitText = sku.get("unit").asString();
				String grade = sku.hasNonNull("grade") ? sku.get("grade").asString() : "";
				String description = (unitText.equals("piece")) ? grade
						: (grade.isEmpty() ? unitText : grade + ", " + unitText);
				skus.add(new NewSku(sku.get("code").asString(), unit(unitText), description,
						sku.get("list_price_fen").asLong()));
			}
			return this.catalog.createProduct(new CreateProduct(product.get("code").asString(),
					product.get("name_zh").asString(), product.get("name_en").asString(), "", skus));
		}).then();
	}

	private static Unit unit(String text) {
		String lower = text.toLowerCase(Locale.ROOT);
		if (lower.startsWith("piece")) {
			return Unit.PIECE;
		}
		if (lower.startsWith("box")) {
			return Unit.BOX;
		}
		if (lower.startsWith("pack")) {
			return Unit.PACK;
		}
		return Unit.GRAM;
	}

	private record Household(String name, String phone, String village, boolean supplier, boolean host,
			long capitalFen) {
	}

	private Mono<Void> households() {
		List<Household> households = List.of(new Household("扎西 Tashi", "13800000001", "CHAKA", true, true, 2_000_000),
				new Household("卓玛 Drolma", "13800000002", "AZONG", true, false, 1_500_000),
				new Household("次仁 Tsering", "13800000003", "XIAYI", true, true, 1_000_000),
				new Household("格桑 Kelsang", "13800000004", "CHAKA", true, false, 500_000));
		LocalDate joined = LocalDate.of(2021, 3, 1);
		return Flux.fromIterable(households)
			.concatMap((household) -> this.members.villageIdByCode(household.village())
				.flatMap((villageId) -> this.members.createMember(new MemberDetails(household.name(), household.phone(),
						villageId, household.supplier(), household.host(), joined)))
				.flatMap((member) -> this.members.createShareholder(new NewShareholder(member.id(), null))
					.flatMap((holder) -> this.members.contribute(holder.id(),
							new NewContribution(household.capitalFen(), joined, ContributionSource.OTHER,
									"share capital paid in")))
					.thenReturn(member))
				// what each household agreed to show on its card's public page
				.flatMap((member) -> this.members
					.setDisclosure(member.id(),
							new HouseholdDisclosure(true, !household.name().startsWith("格桑"),
									!household.name().startsWith("次仁")),
							"demo")
					.thenReturn(member)))
			.collectList()
			.flatMap((created) -> villageShares().then(users(created.get(0).id())));
	}

	private Mono<Void> villageShares() {
		return this.members.villageIdByCode("XIAYI")
			.flatMap((villageId) -> this.members.createShareholder(new NewShareholder(null, villageId)))
			.flatMap((holder) -> this.members.contribute(holder.id(),
					new NewContribution(100_000_000L, LocalDate.of(2017, 1, 1),
							ContributionSource.VILLAGE_REVOLVING_FUND, "扶贫周转金 poverty-alleviation revolving fund")))
			.then();
	}

	private Mono<Void> users(UUID hostMemberId) {
		return Flux.fromIterable(USERS).concatMap((user) -> {
			Role role = Role.valueOf(user[2]);
			return this.identity
				.createUser(new NewUser(user[0], user[1], role, (role == Role.HOST) ? hostMemberId : null));
		})
			.doOnNext((user) -> log.info("Demo user '{}' ({}) created; see the README for its password",
					user.username(), user.role()))
			.then();
	}

}
