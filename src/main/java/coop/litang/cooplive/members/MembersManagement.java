package coop.litang.cooplive.members;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import coop.litang.cooplive.shared.AuditLog;
import coop.litang.cooplive.shared.Conflict;
import coop.litang.cooplive.shared.InvalidInput;
import coop.litang.cooplive.shared.NotFound;
import coop.litang.cooplive.shared.Page;
import coop.litang.cooplive.shared.PageQuery;
import coop.litang.cooplive.shared.PhoneNumber;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The members module's API: townships, villages, member households, shareholders and
 * their capital contributions.
 */
@Service
public class MembersManagement {

	private final Places places;

	private final Members members;

	private final Shareholders shareholders;

	private final AuditLog audit;

	private final Clock clock;

	MembersManagement(Places places, Members members, Shareholders shareholders, AuditLog audit, Clock clock) {
		this.audit = audit;
		this.places = places;
		this.members = members;
		this.shareholders = shareholders;
		this.clock = clock;
	}

	// townships

	/**
	 * Registers a township.
	 * @throws Conflict {@code DUPLICATE_CODE} when the code is taken
	 */
	@Transactional
	public Mono<TownshipView> createTownship(TownshipDetails details) {
		return saveTownship(UUID.randomUUID(), details);
	}

	/**
	 * Changes a township.
	 * @throws NotFound for an unknown township
	 * @throws Conflict {@code DUPLICATE_CODE} when the code is taken by another
	 */
	@Transactional
	public Mono<TownshipView> updateTownship(UUID id, TownshipDetails details) {
		return township(id).then(saveTownship(id, details));
	}

	private Mono<TownshipView> saveTownship(UUID id, TownshipDetails details) {
		return refuseTakenCode("township", details.code(), id).then(this.places.saveTownship(id, details))
			.then(Mono.defer(() -> this.places.township(id)));
	}

	/** A township by id; {@link NotFound} when unknown. */
	public Mono<TownshipView> township(UUID id) {
		return this.places.township(id).switchIfEmpty(Mono.error(() -> new NotFound("township", id)));
	}

	/** A township's id by its code, empty when unknown. */
	public Mono<UUID> townshipIdByCode(String code) {
		return this.places.townshipIdByCode(code);
	}

	/** Townships ordered by code. */
	public Mono<Page<TownshipView>> townships(PageQuery page) {
		return Page.read(this.places.townships(page), this.places.countTownships(), page);
	}

	/**
	 * Removes a township that has no villages.
	 * @throws Conflict {@code IN_USE} while villages belong to it
	 */
	@Transactional
	public Mono<Void> deleteTownship(UUID id) {
		return delete(this.places.deleteTownship(id), "township", id);
	}

	// villages

	/**
	 * Registers a village in a township.
	 * @throws InvalidInput when the township does not exist
	 * @throws Conflict {@code DUPLICATE_CODE} when the code is taken
	 */
	@Transactional
	public Mono<VillageView> createVillage(VillageDetails details) {
		return saveVillage(UUID.randomUUID(), details);
	}

	/**
	 * Changes a village.
	 * @throws NotFound for an unknown village
	 */
	@Transactional
	public Mono<VillageView> updateVillage(UUID id, VillageDetails details) {
		return village(id).then(saveVillage(id, details));
	}

	private Mono<VillageView> saveVillage(UUID id, VillageDetails details) {
		return this.places.township(details.townshipId())
			.switchIfEmpty(Mono.error(() -> new InvalidInput("townshipId", "no such township")))
			.then(refuseTakenCode("village", details.code(), id))
			.then(this.places.saveVillage(id, details))
			.then(Mono.defer(() -> this.places.village(id)));
	}

	/** A village by id; {@link NotFound} when unknown. */
	public Mono<VillageView> village(UUID id) {
		return this.places.village(id).switchIfEmpty(Mono.error(() -> new NotFound("village", id)));
	}

	/** A village's id by its code, empty when unknown. */
	public Mono<UUID> villageIdByCode(String code) {
		return this.places.villageIdByCode(code);
	}

	/** Villages ordered by code, of one township when it is given. */
	public Mono<Page<VillageView>> villages(UUID townshipId, PageQuery page) {
		return Page.read(this.places.villages(townshipId, page), this.places.countVillages(townshipId), page);
	}

	/**
	 * Removes a village nobody lives in and that holds no shares.
	 * @throws Conflict {@code IN_USE} while members or shares refer to it
	 */
	@Transactional
	public Mono<Void> deleteVillage(UUID id) {
		return delete(this.places.deleteVillage(id), "village", id);
	}

	// members

	/**
	 * Registers a member household.
	 * @throws InvalidInput for a phone that is not a mobile number or an unknown village
	 * @throws Conflict {@code DUPLICATE_PHONE} when another member has the phone
	 */
	@Transactional
	public Mono<MemberView> createMember(MemberDetails details) {
		UUID id = UUID.randomUUID();
		return phone(details.phone()).flatMap((phone) -> checkMember(id, details, phone)
			.then(this.members.insert(id, details, phone, this.clock.instant()))
			.then(Mono.defer(() -> this.members.find(id))));
	}

	/**
	 * Changes a member household.
	 * @throws NotFound for an unknown member
	 */
	@Transactional
	public Mono<MemberView> updateMember(UUID id, MemberDetails details) {
		return phone(details.phone()).flatMap((phone) -> member(id).then(checkMember(id, details, phone))
			.then(this.members.update(id, details, phone, this.clock.instant()))
			.then(Mono.defer(() -> this.members.find(id))));
	}

	private Mono<Void> checkMember(UUID id, MemberDetails details, PhoneNumber phone) {
		return this.places.village(details.villageId())
			.switchIfEmpty(Mono.error(() -> new InvalidInput("villageId", "no such village")))
			.then(this.members.phoneTaken(phone, id))
			.flatMap((taken) -> taken
					? Mono.error(new Conflict("DUPLICATE_PHONE", "another member has phone " + phone.masked(), "phone"))
					: Mono.empty());
	}

	/** A member by id; {@link NotFound} when unknown. */
	public Mono<MemberView> member(UUID id) {
		return this.members.find(id).switchIfEmpty(Mono.error(() -> new NotFound("member", id)));
	}

	/**
	 * Members ordered by member number.
	 * @param text matched in name, phone or the exact member number; may be null
	 * @param villageId only members of this village; may be null
	 */
	public Mono<Page<MemberView>> members(String text, UUID villageId, PageQuery page) {
		String filter = (text == null || text.isBlank()) ? null : text.strip();
		return Page.read(this.members.page(filter, villageId, page), this.members.count(filter, villageId), page);
	}

	/**
	 * Removes a member household that nothing refers to.
	 * @throws Conflict {@code IN_USE} while shares or users refer to it
	 */
	@Transactional
	public Mono<Void> deleteMember(UUID id) {
		return delete(this.members.delete(id), "member", id);
	}

	// shareholders

	/**
	 * Registers a member or a village as shareholder.
	 * @throws InvalidInput for an unknown member or village
	 * @throws Conflict {@code ALREADY_SHAREHOLDER} when it already holds shares
	 */
	@Transactional
	public Mono<ShareholderView> createShareholder(NewShareholder command) {
		UUID id = UUID.randomUUID();
		Mono<?> holder = (command.memberId() != null)
				? this.members.find(command.memberId())
					.switchIfEmpty(Mono.error(() -> new InvalidInput("memberId", "no such member")))
				: this.places.village(command.villageId())
					.switchIfEmpty(Mono.error(() -> new InvalidInput("villageId", "no such village")));
		return holder.then(this.shareholders.exists(command))
			.flatMap((exists) -> exists
					? Mono.error(new Conflict("ALREADY_SHAREHOLDER", "already registered as shareholder"))
					: this.shareholders.insert(id, command, this.clock.instant()))
			.then(Mono.defer(() -> this.shareholders.find(id)));
	}

	/** A shareholder by id, with its capital; {@link NotFound} when unknown. */
	public Mono<ShareholderView> shareholder(UUID id) {
		return this.shareholders.find(id).switchIfEmpty(Mono.error(() -> new NotFound("shareholder", id)));
	}

	/** Shareholders with their capital: villages first, then members, by name. */
	public Mono<Page<ShareholderView>> shareholders(PageQuery page) {
		return Page.read(this.shareholders.page(page), this.shareholders.count(), page);
	}

	/**
	 * Removes a shareholder that has no contributions.
	 * @throws Conflict {@code IN_USE} while contributions refer to it
	 */
	@Transactional
	public Mono<Void> deleteShareholder(UUID id) {
		return delete(this.shareholders.delete(id), "shareholder", id);
	}

	/**
	 * Records capital a shareholder paid in, or withdrew (a negative amount).
	 * @throws NotFound for an unknown shareholder
	 * @throws Conflict {@code CAPITAL_INSUFFICIENT} for a withdrawal beyond the capital
	 */
	@Transactional
	public Mono<ContributionView> contribute(UUID shareholderId, NewContribution contribution) {
		if (contribution.amountFen() == 0) {
			return Mono.error(new InvalidInput("amountFen", "must not be zero"));
		}
		UUID id = UUID.randomUUID();
		return this.shareholders.booksClosure()
			.flatMap((closure) -> closure.admits(contribution.contributedOn()) ? shareholder(shareholderId)
					: Mono.error(closure.refusal(contribution.contributedOn(), "contribution", "contributedOn")))
			.flatMap((holder) -> (holder.capitalFen() + contribution.amountFen() < 0)
					? Mono.error(new Conflict("CAPITAL_INSUFFICIENT", "a withdrawal cannot exceed the capital paid in",
							"amountFen"))
					: this.shareholders.insertContribution(id, shareholderId, contribution, this.clock.instant()))
			.then(Mono.defer(() -> this.shareholders.contribution(id)));
	}

	/** A shareholder's contributions in the order they were paid in. */
	public Mono<List<ContributionView>> contributions(UUID shareholderId) {
		return shareholder(shareholderId).then(this.shareholders.contributions(shareholderId).collectList());
	}

	/**
	 * How far the books are closed. In a transaction, the closure is held until it ends:
	 * a close waits, so an entry checked against it never lands in a year closed
	 * meanwhile.
	 */
	public Mono<BooksClosure> booksClosure() {
		return this.shareholders.booksClosure();
	}

	/**
	 * Every shareholder by the key a file names it with: a member household's number
	 * ({@code "1001"}), or a village's code.
	 */
	public Mono<Map<String, ShareholderView>> shareholdersByKey() {
		return this.shareholders.byKey().collectMap(Map.Entry::getKey, Map.Entry::getValue);
	}

	/**
	 * Closes the books through a day: capital dated on or before it can no longer be
	 * recorded, so that a closed fiscal period's inputs stay as they were.
	 */
	@Transactional
	public Mono<Void> closeBooksThrough(LocalDate day) {
		return this.shareholders.closeBooksThrough(day);
	}

	/** Every shareholder's capital contributed up to and including the day. */
	public Flux<CapitalBasis> capitalBases(LocalDate asOf) {
		return this.shareholders.capitalBases(asOf);
	}

	/**
	 * The member household whose card carries the code; {@link NotFound} when none does.
	 */
	public Mono<MemberView> memberByCard(String cardCode) {
		return this.members.findByCard(cardCode)
			.switchIfEmpty(Mono.error(() -> new NotFound("household card", cardCode)));
	}

	/** What the household agreed to show on its public page. */
	public Mono<HouseholdDisclosure> disclosure(UUID memberId) {
		return member(memberId).then(this.members.disclosure(memberId));
	}

	/**
	 * Records what the household agreed to show, with the choice before and after in the
	 * audit log.
	 */
	@Transactional
	public Mono<HouseholdDisclosure> setDisclosure(UUID memberId, HouseholdDisclosure disclosure, String actor) {
		return disclosure(memberId)
			.flatMap((before) -> this.members.setDisclosure(memberId, disclosure, this.clock.instant())
				.then(this.audit.record(actor, "member.disclosure", "member:" + memberId, before, disclosure)))
			.then(Mono.defer(() -> this.members.disclosure(memberId)));
	}

	/** The people of the household, in the order recorded. */
	public Mono<List<HouseholdPerson>> people(UUID memberId) {
		return member(memberId).then(this.members.people(memberId).collectList());
	}

	/** Replaces the people of the household, audit-logged. */
	@Transactional
	public Mono<List<HouseholdPerson>> setPeople(UUID memberId, List<HouseholdPerson> people, String actor) {
		if (people.size() > 30) {
			return Mono.error(new InvalidInput("people", "at most 30 people in a household"));
		}
		return people(memberId)
			.flatMap((before) -> this.members.setPeople(memberId, people)
				.then(this.audit.record(actor, "member.people", "member:" + memberId, before, people)))
			.then(Mono.defer(() -> this.members.people(memberId).collectList()));
	}

	/** The members with these member numbers; unknown numbers are left out. */
	public Flux<MemberView> membersByNumber(List<Long> numbers) {
		return numbers.isEmpty() ? Flux.empty() : this.members.findByNumbers(numbers);
	}

	/** The members with these ids; unknown ids are left out. */
	public Flux<MemberView> membersById(List<UUID> ids) {
		return ids.isEmpty() ? Flux.empty() : this.members.findAll(ids);
	}

	private Mono<Void> refuseTakenCode(String table, String code, UUID id) {
		return this.places.codeTaken(table, code, id)
			.flatMap((taken) -> taken
					? Mono.error(new Conflict("DUPLICATE_CODE", table + " code " + code + " is taken", "code"))
					: Mono.empty());
	}

	private static Mono<Void> delete(Mono<Long> deletion, String what, UUID id) {
		return deletion
			.onErrorMap(DataIntegrityViolationException.class,
					(ex) -> new Conflict("IN_USE", what + " " + id + " is still referred to"))
			.flatMap((rows) -> (rows == 0) ? Mono.error(new NotFound(what, id)) : Mono.empty());
	}

	private static Mono<PhoneNumber> phone(String text) {
		return Mono.fromCallable(() -> PhoneNumber.parse(text))
			.onErrorMap(IllegalArgumentException.class, (ex) -> new InvalidInput("phone", ex.getMessage()));
	}

}
