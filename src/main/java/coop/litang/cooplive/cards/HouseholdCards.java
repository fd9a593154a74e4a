package coop.litang.cooplive.cards;

import java.util.List;
import java.util.UUID;

import coop.litang.cooplive.catalog.CatalogManagement;
import coop.litang.cooplive.dividends.DividendsManagement;
import coop.litang.cooplive.inventory.InventoryManagement;
import coop.litang.cooplive.members.MemberView;
import coop.litang.cooplive.members.MembersManagement;
import coop.litang.cooplive.shared.CooperativeCalendar;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;

/**
 * The household card's pages and codes, and the goods labels' codes, from the members,
 * inventory, catalog and dividends modules' own APIs.
 */
@Service
class HouseholdCards {

	private final MembersManagement members;

	private final InventoryManagement inventory;

	private final CatalogManagement catalog;

	private final DividendsManagement dividends;

	private final CardSettings settings;

	private final Clock clock;

	HouseholdCards(MembersManagement members, InventoryManagement inventory, CatalogManagement catalog,
			DividendsManagement dividends, CardSettings settings, Clock clock) {
		this.members = members;
		this.inventory = inventory;
		this.catalog = catalog;
		this.dividends = dividends;
		this.settings = settings;
		this.clock = clock;
	}

	/** What anyone scanning the card sees; {@code NotFound} for an unknown code. */
	Mono<PublicHousehold> publicPage(String cardCode) {
		return this.members.memberByCard(normalized(cardCode))
			.flatMap((member) -> Mono.zip(this.members.disclosure(member.id()), place(member), products(member.id()))
				.map((found) -> {
					var shown = found.getT1();
					Place place = found.getT2();
					return new PublicHousehold(member.cardCode(), true, shown.showName() ? member.name() : null,
							shown.showVillage() ? place.villageZh() : null,
							shown.showVillage() ? place.villageEn() : null,
							shown.showVillage() ? place.townshipZh() : null,
							shown.showVillage() ? place.townshipEn() : null,
							shown.showDeliveries() ? found.getT3() : List.of(), member.joinedOn().getYear());
				}));
	}

	/** The whole household file; {@code NotFound} for an unknown code. */
	Mono<HouseholdFile> file(String cardCode) {
		return this.members.memberByCard(normalized(cardCode)).flatMap(this::file);
	}

	/** The whole household file of a member; {@code NotFound} for an unknown member. */
	Mono<HouseholdFile> file(UUID memberId) {
		return this.members.member(memberId).flatMap(this::file);
	}

	private Mono<HouseholdFile> file(MemberView member) {
		return Mono
			.zip(this.members.disclosure(member.id()), this.members.people(member.id()), place(member),
					this.dividends.memberAccount(member.id(), CooperativeCalendar.today(this.clock)),
					products(member.id()), this.dividends.dividendsOf(member.id()).collectList())
			.map((found) -> new HouseholdFile(member.id(), member.number(), member.name(), member.phone(),
					found.getT3().villageZh(), found.getT3().townshipZh(), member.joinedOn(), member.supplier(),
					member.host(), member.cardCode(), this.settings.householdLink(member.cardCode()), found.getT1(),
					found.getT2(), found.getT4(), found.getT5(), found.getT6()));
	}

	/** The card's QR code, as SVG or PNG. */
	Mono<byte[]> householdCode(String cardCode, boolean svg) {
		return this.members.memberByCard(normalized(cardCode))
			.flatMap((member) -> code(this.settings.householdLink(member.cardCode()), svg));
	}

	/**
	 * A traceability code's QR code, as SVG or PNG; {@code NotFound} for an unknown code.
	 */
	Mono<byte[]> traceCode(String traceCode, boolean svg) {
		return this.inventory.trace(traceCode)
			.flatMap((trace) -> code(this.settings.traceLink(trace.traceCode()), svg));
	}

	/** The link a card's code opens. */
	String householdLink(String cardCode) {
		return this.settings.householdLink(cardCode);
	}

	/** The link a label's code opens. */
	String traceLink(String traceCode) {
		return this.settings.traceLink(traceCode);
	}

	private static Mono<byte[]> code(String link, boolean svg) {
		return Mono.fromCallable(() -> svg ? QrCodes.svg(link) : QrCodes.png(link, 480))
			.subscribeOn(Schedulers.boundedElastic());
	}

	private record Place(String villageZh, String villageEn, String townshipZh, String townshipEn) {
	}

	private Mono<Place> place(MemberView member) {
		return this.members.village(member.villageId())
			.flatMap((village) -> this.members.township(village.townshipId())
				.map((township) -> new Place(village.nameZh(), village.nameEn(), township.nameZh(),
						township.nameEn())));
	}

	private Mono<List<PublicHousehold.Product>> products(UUID memberId) {
		return this.inventory.skusDeliveredBy(memberId)
			.concatMap(this.catalog::sku)
			.map((sku) -> sku.productId())
			.distinct()
			.concatMap(this.catalog::product)
			.map((product) -> new PublicHousehold.Product(product.nameZh(), product.nameEn()))
			.collectList();
	}

	private static String normalized(String code) {
		return code.strip().toUpperCase(java.util.Locale.ROOT);
	}

}
