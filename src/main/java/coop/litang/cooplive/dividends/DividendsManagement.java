package coop.litang.cooplive.dividends;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import coop.litang.cooplive.inventory.InventoryManagement;
import coop.litang.cooplive.inventory.SupplierVolume;
import coop.litang.cooplive.members.CapitalBasis;
import coop.litang.cooplive.members.MemberView;
import coop.litang.cooplive.members.MembersManagement;
import coop.litang.cooplive.ordering.OrderManagement;
import coop.litang.cooplive.members.ShareholderKind;
import coop.litang.cooplive.shared.AuditLog;
import coop.litang.cooplive.shared.Conflict;
import coop.litang.cooplive.shared.CooperativeCalendar;
import coop.litang.cooplive.shared.Idempotency;
import coop.litang.cooplive.shared.InvalidInput;
import coop.litang.cooplive.shared.Money;
import coop.litang.cooplive.shared.NotFound;
import coop.litang.cooplive.shared.Page;
import coop.litang.cooplive.shared.PageQuery;
import coop.litang.cooplive.shared.Unprocessable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The dividends module's API: fiscal periods, and dividend runs computed from a closed
 * period's stored inputs (member transaction volumes from stock receipts, capital from
 * contributions), approved by a second accountant and final once approved.
 */
@Service
public class DividendsManagement {

	/** Fiscal years follow the calendar in Litang's time zone. */
	static final ZoneId COOPERATIVE_ZONE = CooperativeCalendar.ZONE;

	private static final long VILLAGE_ORDER = 1_000_000_000_000L;

	private final DividendStore store;

	private final InventoryManagement inventory;

	private final MembersManagement members;

	private final AuditLog audit;

	private final OrderManagement ordering;

	private final VolumeEntries volumeEntries;

	private final DocumentWork documents;

	private final BookImports imports;

	private final Clock clock;

	DividendsManagement(DividendStore store, VolumeEntries volumeEntries, BookImports imports,
			InventoryManagement inventory, MembersManagement members, AuditLog audit, OrderManagement ordering,
			DocumentWork documents, Clock clock) {
		this.documents = documents;
		this.volumeEntries = volumeEntries;
		this.imports = imports;
		this.ordering = ordering;
		this.store = store;
		this.audit = audit;
		this.inventory = inventory;
		this.members = members;
		this.clock = clock;
	}

	/**
	 * Opens a calendar year's period.
	 * @throws Conflict {@code PERIOD_EXISTS} when the year has one
	 */
	@Transactional
	public Mono<FiscalPeriodView> openPeriod(OpenPeriod command, String actor) {
		UUID id = UUID.randomUUID();
		return this.store.yearTaken(command.year())
			.flatMap((taken) -> taken
					? Mono.<Void>error(
							new Conflict("PERIOD_EXISTS", "the year " + command.year() + " has a period", "year"))
					: this.store.insertPeriod(id, command.year(), this.clock.instant()))
			.then(Mono.defer(() -> period(id)))
			.flatMap((period) -> this.audit.record(actor, "fiscal-period.open", "fiscal-period:" + id, null, period)
				.thenReturn(period));
	}

	/**
	 * Enters an open period's surplus figures.
	 * @throws Conflict {@code PERIOD_CLOSED} once it is closed
	 */
	@Transactional
	public Mono<FiscalPeriodView> setFigures(UUID periodId, PeriodFigures figures, String actor) {
		return period(periodId).flatMap((before) -> this.store.setFigures(periodId, figures)
			.flatMap((rows) -> (rows == 0)
					? Mono.<FiscalPeriodView>error(new Conflict("PERIOD_CLOSED", "a closed period's figures are final"))
					: period(periodId))
			.flatMap((after) -> this.audit
				.record(actor, "fiscal-period.figures", "fiscal-period:" + periodId, before, after)
				.thenReturn(after)));
	}

	/**
	 * Closes a period, locking its figures.
	 * @throws Conflict {@code PERIOD_NOT_CLOSABLE} when it is closed or has no figures
	 */
	@Transactional
	public Mono<FiscalPeriodView> close(UUID periodId, String actor) {
		return period(periodId)
			.flatMap(
					(before) -> this.store.close(periodId, actor, this.clock.instant())
						.flatMap((rows) -> (rows == 0) ? Mono.just(0L)
								: this.members.closeBooksThrough(LocalDate.of(before.year(), 12, 31)).thenReturn(rows))
						.flatMap((rows) -> (rows == 0)
								? Mono.<FiscalPeriodView>error(new Conflict("PERIOD_NOT_CLOSABLE",
										"only an open period with its surplus entered can be closed"))
								: period(periodId))
						.flatMap((after) -> this.audit
							.record(actor, "fiscal-period.close", "fiscal-period:" + periodId, before, after)
							.thenReturn(after)));
	}

	/**
	 * What the cooperative's own orders and stock receipts say about a period's revenue
	 * and cost.
	 */
	public Mono<PeriodPrefill> prefill(UUID periodId) {
		return period(periodId).flatMap((period) -> {
			var from = LocalDate.of(period.year(), 1, 1).atStartOfDay(COOPERATIVE_ZONE).toInstant();
			var to = LocalDate.of(period.year() + 1, 1, 1).atStartOfDay(COOPERATIVE_ZONE).toInstant();
			return Mono.zip(this.ordering.paidRevenue(from, to),
					this.inventory
						.supplierVolumes(LocalDate.of(period.year(), 1, 1), LocalDate.of(period.year(), 12, 31))
						.map(SupplierVolume::amountFen)
						.reduce(0L, Long::sum),
					PeriodPrefill::new);
		});
	}

	/** A period; {@link NotFound} when unknown. */
	public Mono<FiscalPeriodView> period(UUID periodId) {
		return this.store.period(periodId).switchIfEmpty(Mono.error(() -> new NotFound("fiscal period", periodId)));
	}

	/** Periods, newest year first. */
	public Mono<Page<FiscalPeriodView>> periods(PageQuery page) {
		return Page.read(this.store.periods(page), this.store.countPeriods(), page);
	}

	/**
	 * Computes a draft run for a closed period from its stored inputs; earlier drafts are
	 * superseded and kept.
	 * @throws Conflict {@code PERIOD_OPEN} for an open period; {@code RUN_APPROVED} once
	 * the period has an approved run
	 * @throws Unprocessable {@code RUN_REFUSED} with the reason, such as a loss year
	 */
	@Transactional
	public Mono<DividendRunView> computeRun(UUID periodId, ComputeRun command, String actor) {
		return period(periodId).flatMap((period) -> {
			if (period.status() != PeriodStatus.CLOSED) {
				return Mono.error(new Conflict("PERIOD_OPEN", "close the period before computing its run"));
			}
			return this.store.hasApprovedRun(periodId)
				.flatMap(
						(approved) -> approved
								? Mono.<DividendRunView>error(new Conflict("RUN_APPROVED",
										"the period has an approved run; corrections are reversals, not new drafts"))
								: policyFor(period,
										command)
									.flatMap((policy) -> inputs(period, policy.policy())
										.flatMap((inputs) -> store(period, policy.policy(), inputs, actor))
										.flatMap((run) -> (policy.version() > 0)
												? this.store.setRunPolicyVersion(run.id(), policy.version())
													.then(Mono.defer(() -> run(run.id())))
												: Mono.just(run))));
		});
	}

	// the given parameters, a stored version, or the version in effect on the period's
	// last day
	private Mono<PolicyVersionView> policyFor(FiscalPeriodView period, ComputeRun command) {
		if (command.policyVersion() != null) {
			return this.store.policy(command.policyVersion())
				.switchIfEmpty(Mono.error(() -> new InvalidInput("policyVersion", "no such policy version")));
		}
		if (command.hasParameters()) {
			return Mono.fromCallable(() -> new PolicyVersionView(0, null, command.policy()))
				.onErrorMap(IllegalArgumentException.class,
						(ex) -> new InvalidInput("patronageRateBp", ex.getMessage()));
		}
		return this.store.policyInEffect(LocalDate.of(period.year(), 12, 31))
			.switchIfEmpty(Mono.error(() -> new Unprocessable("NO_POLICY",
					"no policy version is in effect for " + period.year() + ": record the bylaws' parameters first")));
	}

	/**
	 * Records a new version of the distribution parameters.
	 * @throws InvalidInput for a patronage rate below 60% or rates out of range
	 * @throws Conflict {@code POLICY_EXISTS} when a version takes effect on the same day
	 */
	@Transactional
	public Mono<PolicyVersionView> addPolicy(NewPolicyVersion command, String actor) {
		return Mono
			.fromCallable(() -> new DividendPolicy(command.providentFundRateBp(), command.patronageRateBp(),
					command.patronageBasis(), command.providentBasis(), command.tieBreak()))
			.onErrorMap(IllegalArgumentException.class,
					(ex) -> new InvalidInput(
							ex.getMessage().contains("provident") ? "providentFundRateBp" : "patronageRateBp",
							ex.getMessage()))
			.then(this.store.insertPolicy(command, actor, this.clock.instant()))
			.onErrorMap(org.springframework.dao.DataIntegrityViolationException.class,
					(ex) -> new Conflict("POLICY_EXISTS",
							"a version already takes effect on " + command.effectiveFrom(), "effectiveFrom"))
			.flatMap((version) -> this.store.policy(version))
			.flatMap((created) -> this.audit
				.record(actor, "dividend-policy.add", "dividend-policy:" + created.version(), null, created)
				.thenReturn(created));
	}

	/** All policy versions, oldest first. */
	public Mono<List<PolicyVersionView>> policies() {
		return this.store.policies().collectList();
	}

	private record Inputs(List<DividendCalculation.Participant> participants, Map<String, String> names,
			Map<String, UUID> memberIds) {
	}

	// each member's transaction volume delivered on the days from through through: stock
	// receipts and the entries that were never stock
	private Mono<Map<UUID, SupplierVolume>> volumes(LocalDate from, LocalDate through) {
		return Flux.concat(this.inventory.supplierVolumes(from, through), this.volumeEntries.volumes(from, through))
			.collect(HashMap::new,
					(Map<UUID, SupplierVolume> all, SupplierVolume volume) -> all.merge(volume.memberId(), volume,
							(a, b) -> new SupplierVolume(a.memberId(), Math.addExact(a.amountFen(), b.amountFen()),
									Math.addExact(a.quantity(), b.quantity()))));
	}

	private Mono<Inputs> inputs(FiscalPeriodView period, DividendPolicy policy) {
		LocalDate yearEnd = LocalDate.of(period.year(), 12, 31);
		return Mono
			.zip(volumes(LocalDate.of(period.year(), 1, 1), yearEnd), this.members.capitalBases(yearEnd).collectList(),
					this.store.quantifiedShares(yearEnd).collectMap(Map.Entry::getKey, Map.Entry::getValue))
			.flatMap((found) -> {
				Map<UUID, SupplierVolume> volumes = found.getT1();
				Optional<SupplierVolume> negative = volumes.values()
					.stream()
					.filter((volume) -> volume.amountFen() < 0 || volume.quantity() < 0)
					.findFirst();
				if (negative.isPresent()) {
					return Mono.error(new Unprocessable("RUN_REFUSED",
							"a member's transaction volume for " + period.year() + " is negative (member "
									+ negative.get().memberId() + "): a correction took away more than was entered"));
				}
				Map<UUID, CapitalBasis> memberCapital = new HashMap<>();
				List<CapitalBasis> villages = new ArrayList<>();
				for (CapitalBasis basis : found.getT2()) {
					if (basis.kind() == ShareholderKind.MEMBER) {
						memberCapital.put(basis.memberId(), basis);
					}
					else {
						villages.add(basis);
					}
				}
				List<UUID> memberIds = new ArrayList<>(volumes.keySet());
				memberCapital.keySet().stream().filter((id) -> !volumes.containsKey(id)).forEach(memberIds::add);
				return this.members.membersById(memberIds).collectList().map((known) -> {
					List<DividendCalculation.Participant> participants = new ArrayList<>();
					Map<String, String> names = new HashMap<>();
					Map<String, UUID> ids = new HashMap<>();
					Map<UUID, Long> quantified = found.getT3();
					// the policy's tie-break decides the order in which equal remainders
					// get the last fen
					List<MemberView> ordered = new ArrayList<>(known);
					ordered.sort((policy.tieBreak() == DividendPolicy.TieBreak.JOINED_ON)
							? Comparator.comparing(MemberView::joinedOn).thenComparingLong(MemberView::number)
							: Comparator.comparingLong(MemberView::number));
					long position = 0;
					for (MemberView member : ordered) {
						SupplierVolume volume = volumes.get(member.id());
						CapitalBasis capital = memberCapital.get(member.id());
						String key = "member:" + member.number();
						names.put(key, member.name());
						ids.put(key, member.id());
						// capital basis: capital paid in plus quantified provident,
						// subsidy and donation shares
						long basis = ((capital != null) ? capital.capitalFen() : 0)
								+ quantified.getOrDefault(member.id(), 0L);
						if (volume == null && basis <= 0) {
							// a shareholder with no capital yet at the year's end and no
							// transactions takes no part in the year
							continue;
						}
						participants.add(new DividendCalculation.Participant(key, true, position++,
								(volume != null) ? volume.amountFen() : 0, (volume != null) ? volume.quantity() : 0,
								Math.max(0, basis)));
					}
					villages.sort((a, b) -> a.villageCode().compareTo(b.villageCode()));
					for (int i = 0; i < villages.size(); i++) {
						CapitalBasis village = villages.get(i);
						if (village.capitalFen() <= 0) {
							continue;
						}
						String key = "village:" + village.villageCode();
						names.put(key, village.displayName());
						participants.add(new DividendCalculation.Participant(key, false, VILLAGE_ORDER + i, 0, 0,
								village.capitalFen()));
					}
					return new Inputs(participants, names, ids);
				});
			});
	}

	private Mono<DividendRunView> store(FiscalPeriodView period, DividendPolicy policy, Inputs inputs, String actor) {
		DividendCalculation.Result result;
		try {
			result = DividendCalculation.compute(period.surplusFen(), period.carriedLossFen(), policy,
					inputs.participants());
		}
		catch (DividendCalculation.Refused ex) {
			return Mono.error(new Unprocessable("RUN_REFUSED", ex.getMessage()));
		}
		UUID runId = UUID.randomUUID();
		String hash = hash(period, policy, result);
		List<String> names = result.lines().stream().map((line) -> inputs.names().get(line.key())).toList();
		List<UUID> memberIds = result.lines().stream().map((line) -> inputs.memberIds().get(line.key())).toList();
		return this.store.supersedeDrafts(period.id())
			.then(this.store.latestReversedRun(period.id()).map(Optional::of).defaultIfEmpty(Optional.empty()))
			.flatMap((corrects) -> this.store.insertRun(runId, period.id(), corrects.orElse(null), policy, result, hash,
					actor, this.clock.instant(), names, memberIds))
			.then(Mono.defer(() -> run(runId)))
			.flatMap((run) -> this.audit
				.record(actor, "dividend-run.compute", "dividend-run:" + runId, null, summary(run))
				.thenReturn(run));
	}

	/**
	 * Approves a draft run. The approver is never the accountant who computed it.
	 * @throws Conflict {@code SAME_ACCOUNTANT}, or {@code RUN_NOT_DRAFT} for a superseded
	 * or approved run
	 */
	@Transactional
	public Mono<DividendRunView> approve(UUID runId, String actor) {
		return run(runId).flatMap((run) -> {
			if (run.status() != RunStatus.DRAFT) {
				return Mono.error(
						new Conflict("RUN_NOT_DRAFT", "only a draft run can be approved; this one is " + run.status()));
			}
			if (run.computedBy().equals(actor)) {
				return Mono.error(new Conflict("SAME_ACCOUNTANT",
						"a run is approved by a second accountant, not the one who computed it"));
			}
			Mono<Void> allowed = (run.kind() == RunKind.RUN)
					? this.store.hasApprovedRun(run.periodId())
						.flatMap((approved) -> approved ? Mono
							.error(new Conflict("RUN_APPROVED", "the period has an approved run; reverse it first"))
								: Mono.empty())
					: run(run.correctsRunId()).flatMap((original) -> (original.reversedBy() != null)
							? Mono.error(new Conflict("RUN_REVERSED", "the run is reversed already")) : Mono.empty());
			// approving posts provident shares dated the next 1 January (a reversal takes
			// them back): never into books already closed
			LocalDate posted = LocalDate.of(run.year() + 1, 1, 1);
			Mono<Void> open = this.members.booksClosure()
				.flatMap((closure) -> closure.admits(posted) ? Mono.<Void>empty()
						: Mono.error(new Conflict("BOOKS_CLOSED",
								"the books are closed through " + closure.through()
										+ ": approving would change the provident shares of " + (run.year() + 1)
										+ ", a closed year")));
			return this.store.lockPeriod(run.periodId())
				.then(allowed)
				.then(open)
				.then(this.store.approve(runId, actor, this.clock.instant()))
				.then(postProvidentShares(run, actor))
				.then(Mono.defer(() -> run(runId)))
				.flatMap((approved) -> this.audit
					.record(actor, "dividend-run.approve", "dividend-run:" + runId, summary(run), summary(approved))
					.thenReturn(approved));
		});
	}

	// an approved run's provident shares go to member accounts from the next year on; a
	// reversal takes them back
	private Mono<Void> postProvidentShares(DividendRunView run, String actor) {
		LocalDate from = LocalDate.of(run.year() + 1, 1, 1);
		return (run.kind() == RunKind.RUN)
				? this.store.postProvidentShares(run.id(), 1, from, "dividend-run:" + run.id(), actor,
						this.clock.instant())
				: this.store.postProvidentShares(run.id(), -1, from, "dividend-run-reversal:" + run.id(), actor,
						this.clock.instant());
	}

	/**
	 * A member account as of a day: capital, quantified shares and the year's
	 * transactions.
	 * @throws NotFound for an unknown member
	 */
	public Mono<MemberAccountView> memberAccount(UUID memberId, LocalDate asOf) {
		LocalDate from = LocalDate.of(asOf.getYear(), 1, 1);
		return this.members.member(memberId)
			.then(Mono.zip(
					this.members.capitalBases(asOf)
						.filter((basis) -> memberId.equals(basis.memberId()))
						.map(CapitalBasis::capitalFen)
						.reduce(0L, Long::sum),
					this.store.entries(memberId, asOf).collectList(),
					volumes(from, asOf).map((all) -> all.getOrDefault(memberId, new SupplierVolume(memberId, 0, 0))),
					this.inventory.memberVolumesBySku(memberId, from, asOf).collectList()))
			.map((found) -> {
				List<MemberAccountView.Entry> entries = found.getT2();
				long provident = sum(entries, AccountEntryKind.PROVIDENT_SHARE);
				long subsidy = sum(entries, AccountEntryKind.SUBSIDY_SHARE);
				long donation = sum(entries, AccountEntryKind.DONATION_SHARE);
				return new MemberAccountView(memberId, asOf, found.getT1(), provident, subsidy, donation,
						found.getT1() + provident + subsidy + donation, found.getT3().amountFen(),
						found.getT3().quantity(), found.getT4(), entries);
			});
	}

	private static long sum(List<MemberAccountView.Entry> entries, AccountEntryKind kind) {
		return entries.stream().filter((e) -> e.kind() == kind).mapToLong(MemberAccountView.Entry::amountFen).sum();
	}

	/**
	 * Records a quantified subsidy or donation share on a member account.
	 * @throws InvalidInput for a provident share (those come from approved runs) or a
	 * zero amount
	 */
	@Transactional
	public Mono<MemberAccountView> addAccountEntry(UUID memberId, NewAccountEntry entry, String actor) {
		if (entry.kind() == AccountEntryKind.PROVIDENT_SHARE) {
			return Mono.error(new InvalidInput("kind", "provident shares are posted by approved runs"));
		}
		if (entry.amountFen() == 0) {
			return Mono.error(new InvalidInput("amountFen", "must not be zero"));
		}
		return this.members.booksClosure()
			.flatMap((closure) -> closure.admits(entry.effectiveOn()) ? this.members.member(memberId)
					: Mono.error(closure.refusal(entry.effectiveOn(), "member account entry", "effectiveOn")))
			.then(this.store.insertEntry(memberId, entry.kind(), entry.amountFen(), entry.effectiveOn(),
					entry.reference(), actor, this.clock.instant()))
			.then(this.audit.record(actor, "member-account.entry", "member:" + memberId, null, entry))
			.then(Mono.defer(() -> memberAccount(memberId, entry.effectiveOn())));
	}

	/**
	 * Records a transaction volume that never was stock: produce sold on a member's
	 * behalf elsewhere, or delivered before cooplive kept the books.
	 * @throws InvalidInput for an unknown member, a zero entry or a day in the future
	 * @throws Conflict {@code BOOKS_CLOSED} for a day in a closed fiscal year
	 */
	@Transactional
	public Mono<VolumeEntryView> recordVolume(NewVolumeEntry entry, String actor) {
		UUID id = UUID.randomUUID();
		return checkVolume(entry).then(this.members.booksClosure())
			.flatMap((closure) -> closure.admits(entry.deliveredOn())
					? this.members.member(entry.memberId())
						.onErrorMap(NotFound.class, (ex) -> new InvalidInput("memberId", "no such member"))
					: Mono.error(closure.refusal(entry.deliveredOn(), "delivery", "deliveredOn")))
			.then(this.volumeEntries.insert(List.of(new VolumeEntries.Insert(id, entry, null, null)), actor,
					this.clock.instant()))
			.then(Mono.defer(() -> this.volumeEntries.find(id)))
			.flatMap((recorded) -> this.audit.record(actor, "volume-entry.record", "volume-entry:" + id, null, recorded)
				.thenReturn(recorded));
	}

	private Mono<Void> checkVolume(NewVolumeEntry entry) {
		LocalDate today = CooperativeCalendar.today(this.clock);
		if (entry.quantity() == 0 && entry.amountFen() == 0) {
			return Mono.error(new InvalidInput("amountFen", "an entry needs an amount or a quantity"));
		}
		if (entry.deliveredOn().isAfter(today)) {
			return Mono.error(new InvalidInput("deliveredOn", "must not be in the future (today is " + today + ")"));
		}
		return Mono.empty();
	}

	/**
	 * Imports a file of deliveries or capital contributions: every row or none. The same
	 * file (by its SHA-256) is imported once; uploading it again answers the first import
	 * and changes nothing.
	 * @throws Unprocessable {@code IMPORT_REFUSED} with every problem by row and column
	 * @throws coop.litang.cooplive.shared.Unavailable {@code DOCUMENTS_BUSY} when too
	 * many files and documents are waiting to be read or made
	 */
	@Transactional
	public Mono<ImportView> importFile(ImportKind kind, String fileName, byte[] content, String actor) {
		String sha256 = sha256(content);
		String name = (fileName == null || fileName.isBlank()) ? kind.path() : fileName.strip();
		return this.imports.find(kind, sha256)
			.map(ImportView::again)
			.switchIfEmpty(Mono.defer(
					() -> this.documents.run(() -> ImportFile.read(name, content, kind.keys(), kind.required()))
						.flatMap((lines) -> (kind == ImportKind.DELIVERIES)
								? importDeliveries(lines, name, sha256, actor)
								: importCapital(lines, name, sha256, actor))));
	}

	private Mono<ImportView> importDeliveries(List<ImportFile.Line> lines, String name, String sha256, String actor) {
		return Mono
			.zip(this.members.booksClosure(),
					this.members.membersByNumber(DeliveryImport.memberNumbers(lines))
						.collectMap(MemberView::number, (member) -> member))
			.flatMap((found) -> {
				List<ImportFile.Problem> problems = new ArrayList<>();
				List<DeliveryImport.Checked> rows = DeliveryImport.check(lines, found.getT2(), found.getT1(),
						CooperativeCalendar.today(this.clock), name, problems);
				if (!problems.isEmpty()) {
					return Mono.error(ImportFile.refused(problems));
				}
				UUID importId = UUID.randomUUID();
				return recordImport(importId, ImportKind.DELIVERIES, name, sha256, rows.size(), actor,
						this.volumeEntries.insert(rows.stream()
							.map((row) -> new VolumeEntries.Insert(UUID.randomUUID(), row.entry(), importId, row.row()))
							.toList(), actor, this.clock.instant()));
			});
	}

	private Mono<ImportView> importCapital(List<ImportFile.Line> lines, String name, String sha256, String actor) {
		return Mono.zip(this.members.booksClosure(), this.members.shareholdersByKey()).flatMap((found) -> {
			List<ImportFile.Problem> problems = new ArrayList<>();
			List<CapitalImport.Checked> rows = CapitalImport.check(lines, found.getT2(), found.getT1(),
					CooperativeCalendar.today(this.clock), name, problems);
			if (!problems.isEmpty()) {
				return Mono.error(ImportFile.refused(problems));
			}
			return recordImport(UUID.randomUUID(), ImportKind.CAPITAL, name, sha256, rows.size(), actor,
					Flux.fromIterable(rows)
						.concatMap((row) -> this.members.contribute(row.shareholderId(), row.contribution()))
						.then());
		});
	}

	// the file's record first: a concurrent upload of the same file waits on it, then
	// answers the first import
	private Mono<ImportView> recordImport(UUID id, ImportKind kind, String name, String sha256, int rows, String actor,
			Mono<Void> recordRows) {
		return this.imports.insert(id, kind, name, sha256, rows, actor, this.clock.instant())
			.flatMap((inserted) -> (inserted == 0) ? this.imports.find(kind, sha256).map(ImportView::again)
					: recordRows.then(Mono.defer(() -> this.imports.find(kind, sha256)))
						.flatMap((done) -> this.audit
							.record(actor, "import." + kind.path(), "import:" + id, null,
									Map.of("fileName", name, "fileSha256", sha256, "rows", rows))
							.thenReturn(done)));
	}

	/** A template to fill in, as CSV or as an Excel workbook. */
	public Mono<byte[]> importTemplate(ImportKind kind, boolean xlsx) {
		return xlsx
				? Mono.fromCallable(() -> ImportFile.xlsxTemplate(kind.path(), kind.heading(), kind.example()))
					.subscribeOn(Schedulers.boundedElastic())
				: Mono.just(ImportFile.csvTemplate(kind.heading(), kind.example()));
	}

	private static String sha256(byte[] content) {
		try {
			return java.util.HexFormat.of()
				.formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A year's transaction-volume entries (not stock), by delivery day; of one member
	 * when given.
	 */
	public Mono<Page<VolumeEntryView>> volumeEntries(int year, UUID memberId, PageQuery page) {
		return Page.read(this.volumeEntries.page(year, memberId, page), this.volumeEntries.count(year, memberId), page);
	}

	/**
	 * Every run of a period, the last computed first; {@link NotFound} for an unknown
	 * period.
	 */
	public Mono<List<RunSummary>> runs(UUID periodId) {
		return period(periodId).then(this.store.runs(periodId).collectList());
	}

	/**
	 * Starts correcting an approved run: a reversal with the same figures, to be approved
	 * by a second accountant; after that the period takes a new run, linked to this one.
	 * @throws Conflict {@code RUN_NOT_APPROVED} or {@code RUN_REVERSED}
	 */
	@Transactional
	public Mono<DividendRunView> reverse(UUID runId, ReverseRun command, String actor) {
		return run(runId).flatMap((run) -> {
			if (run.kind() != RunKind.RUN || run.status() != RunStatus.APPROVED) {
				return Mono.error(new Conflict("RUN_NOT_APPROVED", "only an approved run is reversed"));
			}
			if (run.reversedBy() != null) {
				return Mono.error(new Conflict("RUN_REVERSED", "the run is reversed already"));
			}
			UUID reversalId = UUID.randomUUID();
			return this.store.insertReversal(reversalId, runId, command.reason(), actor, this.clock.instant())
				.then(Mono.defer(() -> run(reversalId)))
				.flatMap((reversal) -> this.audit
					.record(actor, "dividend-run.reverse", "dividend-run:" + runId, summary(run), summary(reversal))
					.thenReturn(reversal));
		});
	}

	/**
	 * Records a line of an approved run as paid out.
	 * @throws Conflict {@code RUN_NOT_APPROVED} before approval,
	 * {@code LINE_ALREADY_PAID}
	 * @throws NotFound for an unknown run or line
	 */
	@Transactional
	public Mono<DividendRunView> markLinePaid(UUID runId, int lineNo, MarkLinePaid payment, String actor) {
		return run(runId).flatMap((run) -> {
			if (run.status() != RunStatus.APPROVED) {
				return Mono.error(new Conflict("RUN_NOT_APPROVED", "only an approved run's lines are paid"));
			}
			if (run.lines().stream().noneMatch((line) -> line.lineNo() == lineNo)) {
				return Mono.error(new NotFound("line", lineNo));
			}
			return this.store.markPaid(runId, lineNo, payment.reference(), actor, this.clock.instant())
				.flatMap((rows) -> (rows == 0)
						? Mono.<DividendRunView>error(new Conflict("LINE_ALREADY_PAID", "the line is paid already"))
						: run(runId))
				.flatMap((paid) -> this.audit
					.record(actor, "dividend-run.line-paid", "dividend-run:" + runId + ":line:" + lineNo, null,
							Map.of("reference", payment.reference()))
					.thenReturn(paid));
		});
	}

	/** The 盈余及盈余分配表 of a run. */
	public Mono<DistributionTable> distributionTable(UUID runId) {
		return run(runId).map(DistributionTable::of);
	}

	private static Map<String, Object> summary(DividendRunView run) {
		return Map.of("kind", run.kind().name(), "status", run.status().name(), "surplusFen", run.surplusFen(),
				"distributableFen", run.distributableFen(), "patronagePoolFen", run.patronagePoolFen(),
				"capitalPoolFen", run.capitalPoolFen(), "inputHash", run.inputHash(), "lines", run.lines().size());
	}

	/** What a member household received from approved runs, the latest year first. */
	public Flux<DividendReceived> dividendsOf(UUID memberId) {
		return this.store.received(memberId);
	}

	/** A run with its lines; {@link NotFound} when unknown. */
	public Mono<DividendRunView> run(UUID runId) {
		return this.store.runHeader(runId)
			.switchIfEmpty(Mono.error(() -> new NotFound("dividend run", runId)))
			.flatMap((header) -> this.store.runLines(runId).collectList().map(header::toView));
	}

	/**
	 * A run as CSV for spreadsheets: UTF-8 with a byte-order mark so that Excel shows the
	 * Chinese names, amounts in yuan with two decimals.
	 */
	public Mono<byte[]> exportCsv(UUID runId) {
		return run(runId).map((run) -> {
			StringBuilder csv = new StringBuilder("\uFEFF");
			csv.append("序号 No.,参与者 Participant,名称 Name,交易量 Transactions,股金基数 Capital basis,")
				.append("盈余返还 Patronage refund (yuan),股金分红 Capital share (yuan),公积金量化 Provident share (yuan),")
				.append("合计 Total (yuan)\r\n");
			int no = 1;
			for (DividendRunView.Line line : run.lines()) {
				csv.append(no++)
					.append(',')
					.append(line.participant())
					.append(',')
					.append(quote(line.name()))
					.append(',')
					.append(line.patronageWeight())
					.append(',')
					.append(line.capitalWeight())
					.append(',')
					.append(yuan(line.patronageRefundFen()))
					.append(',')
					.append(yuan(line.capitalShareFen()))
					.append(',')
					.append(yuan(line.providentShareFen()))
					.append(',')
					.append(yuan(line.totalFen()))
					.append("\r\n");
			}
			return csv.toString().getBytes(StandardCharsets.UTF_8);
		});
	}

	private static String yuan(long fen) {
		return Money.fen(fen).decimal();
	}

	private static String quote(String text) {
		return "\"" + text.replace("\"", "\"\"") + "\"";
	}

	// the same stored inputs always give the same hash
	private static String hash(FiscalPeriodView period, DividendPolicy policy, DividendCalculation.Result result) {
		StringBuilder canonical = new StringBuilder().append(period.year())
			.append('|')
			.append(period.surplusFen())
			.append('|')
			.append(period.carriedLossFen())
			.append('|')
			.append(policy);
		result.lines()
			.forEach((line) -> canonical.append('|')
				.append(line.key())
				.append(':')
				.append(line.patronageWeight())
				.append(':')
				.append(line.capitalWeight())
				.append(':')
				.append(line.providentWeight()));
		return Idempotency.sha256(canonical);
	}

}
