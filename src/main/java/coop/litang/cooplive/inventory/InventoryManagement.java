package coop.litang.cooplive.inventory;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Locale;
import java.util.UUID;

import coop.litang.cooplive.catalog.CatalogManagement;
import coop.litang.cooplive.members.MembersManagement;
import coop.litang.cooplive.shared.Conflict;
import coop.litang.cooplive.shared.CooperativeCalendar;
import coop.litang.cooplive.shared.InvalidInput;
import coop.litang.cooplive.shared.NotFound;
import coop.litang.cooplive.shared.Page;
import coop.litang.cooplive.shared.PageQuery;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The inventory module's API: stock levels that change only through the append-only
 * movement ledger, stock receipts with their traceability codes, and the holds that
 * orders and live sessions place on stock. Methods that hold, release or sell join the
 * caller's transaction.
 */
@Service
public class InventoryManagement {

	private static final char[] CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

	private final StockLedger ledger;

	private final CatalogManagement catalog;

	private final MembersManagement members;

	private final Clock clock;

	InventoryManagement(StockLedger ledger, CatalogManagement catalog, MembersManagement members, Clock clock) {
		this.ledger = ledger;
		this.catalog = catalog;
		this.members = members;
		this.clock = clock;
	}

	/**
	 * Records produce delivered by a supplier member: a receipt with a fresh traceability
	 * code and a {@code RECEIPT} movement raising the stock on hand.
	 * @throws InvalidInput for an unknown SKU, village or member, a member who is not a
	 * supplier, or a delivery day in the future
	 * @throws Conflict {@code BOOKS_CLOSED} for a delivery day in a closed fiscal year
	 */
	@Transactional
	public Mono<StockReceiptView> receive(ReceiveStock command, String actor) {
		Mono<Void> checks = this.catalog.sku(command.skuId())
			.onErrorMap(NotFound.class, (ex) -> new InvalidInput("skuId", "no such SKU"))
			.then(this.members.village(command.originVillageId())
				.onErrorMap(NotFound.class, (ex) -> new InvalidInput("originVillageId", "no such village")))
			.then(this.members.member(command.supplierMemberId())
				.onErrorMap(NotFound.class, (ex) -> new InvalidInput("supplierMemberId", "no such member")))
			.flatMap((member) -> member.supplier() ? Mono.empty()
					: Mono.error(new InvalidInput("supplierMemberId", "the member is not registered as supplier")));
		LocalDate today = CooperativeCalendar.today(this.clock);
		LocalDate deliveredOn = (command.deliveredOn() != null) ? command.deliveredOn() : today;
		if (deliveredOn.isAfter(today)) {
			return Mono.error(new InvalidInput("deliveredOn", "must not be in the future (today is " + today + ")"));
		}
		return checks.then(this.members.booksClosure())
			.flatMap((closure) -> closure.admits(deliveredOn) ? Mono.<Void>empty()
					: Mono.error(closure.refusal(deliveredOn, "delivery", "deliveredOn")))
			.then(Mono.defer(() -> {
				var now = this.clock.instant();
				StockReceiptView receipt = new StockReceiptView(UUID.randomUUID(), traceCode(), command.skuId(),
						command.supplierMemberId(), command.originVillageId(), command.quantity(),
						command.purchaseValueFen(), command.harvestDate(), deliveredOn, now);
				return this.ledger.insertReceipt(receipt, actor)
					.then(this.ledger
						.receive(new StockLedger.Movement(command.skuId(), MovementKind.RECEIPT, command.quantity(),
								"stock receipt " + receipt.traceCode(), actor, "receipt:" + receipt.id(), now)))
					.thenReturn(receipt);
			}));
	}

	/**
	 * Corrects the stock on hand after breakage or a recount.
	 * @throws InvalidInput for a zero delta or an unknown SKU
	 * @throws Conflict {@code STOCK_BELOW_RESERVED} when it would leave less on hand than
	 * is reserved
	 */
	@Transactional
	public Mono<StockLevelView> adjust(UUID skuId, AdjustStock command, String actor) {
		if (command.delta() == 0) {
			return Mono.error(new InvalidInput("delta", "must not be zero"));
		}
		return this.catalog.sku(skuId)
			.flatMap((sku) -> this.ledger
				.adjust(new StockLedger.Movement(skuId, MovementKind.ADJUSTMENT, command.delta(), command.reason(),
						actor, "adjustment", this.clock.instant()))
				.flatMap((rows) -> (rows == 0)
						? Mono.error(new Conflict("STOCK_BELOW_RESERVED",
								"adjusting " + sku.code() + " by " + command.delta()
										+ " leaves less on hand than is reserved",
								"delta"))
						: this.ledger.level(skuId)));
	}

	/**
	 * Holds units of available stock for an order or a live session, in the caller's
	 * transaction.
	 * @throws SoldOut when fewer units are available
	 */
	public Mono<Void> reserve(UUID skuId, String skuCode, long quantity, String reference, String actor) {
		return this.ledger
			.reserve(new StockLedger.Movement(skuId, MovementKind.RESERVE, quantity, "hold", actor, reference,
					this.clock.instant()))
			.flatMap((rows) -> (rows == 0) ? Mono.error(new SoldOut(skuCode)) : Mono.empty());
	}

	/** Gives back held units, in the caller's transaction. */
	public Mono<Void> release(UUID skuId, long quantity, String reason, String reference, String actor) {
		return this.ledger
			.release(new StockLedger.Movement(skuId, MovementKind.RELEASE, quantity, reason, actor, reference,
					this.clock.instant()))
			.flatMap((rows) -> requireOne(rows, "release", skuId));
	}

	/** Turns held units into a sale, in the caller's transaction. */
	public Mono<Void> sell(UUID skuId, long quantity, String reference, String actor) {
		return this.ledger
			.sell(new StockLedger.Movement(skuId, MovementKind.SALE, quantity, "paid", actor, reference,
					this.clock.instant()))
			.flatMap((rows) -> requireOne(rows, "sale", skuId));
	}

	/** Puts sold units back on hand, in the caller's transaction. */
	public Mono<Void> returnToStock(UUID skuId, long quantity, String reason, String reference, String actor) {
		return this.ledger
			.returnToStock(new StockLedger.Movement(skuId, MovementKind.RETURN, quantity, reason, actor, reference,
					this.clock.instant()))
			.then();
	}

	private static Mono<Void> requireOne(long rows, String what, UUID skuId) {
		// the holds are tracked by their owners; a missing hold is a bug, not a caller's
		// mistake
		return (rows == 1) ? Mono.empty()
				: Mono.error(new IllegalStateException(what + " of SKU " + skuId + " found less reserved than held"));
	}

	/** A SKU's stock level; zeros for a SKU never received. */
	public Mono<StockLevelView> level(UUID skuId) {
		return this.ledger.level(skuId);
	}

	/** The level the ledger alone gives; always equal to {@link #level}. */
	public Mono<StockLevelView> levelFromLedger(UUID skuId) {
		return this.ledger.levelFromLedger(skuId);
	}

	/** Stock levels of all SKUs ever received or adjusted. */
	public Mono<Page<StockLevelView>> levels(PageQuery page) {
		return Page.read(this.ledger.levels(page), this.ledger.countLevels(), page);
	}

	/** A SKU's ledger, newest first. */
	public Mono<Page<MovementView>> movements(UUID skuId, PageQuery page) {
		return Page.read(this.ledger.movements(skuId, page), this.ledger.countMovements(skuId), page);
	}

	/** Stock receipts, newest first. */
	public Mono<Page<StockReceiptView>> receipts(PageQuery page) {
		return Page.read(this.ledger.receipts(page), this.ledger.countReceipts(), page);
	}

	/**
	 * What a traceability code says about the goods: product, origin, harvest and the
	 * supplier's name when the household agreed to show it.
	 * @throws NotFound for an unknown code
	 */
	public Mono<TraceView> trace(String code) {
		String normalized = code.strip().toUpperCase(Locale.ROOT);
		return this.ledger.receiptByCode(normalized)
			.switchIfEmpty(Mono.error(() -> new NotFound("traceability code", code)))
			.flatMap((receipt) -> this.catalog.sku(receipt.skuId())
				.flatMap((sku) -> this.catalog.product(sku.productId())
					.flatMap((product) -> this.members.village(receipt.originVillageId())
						.flatMap((village) -> Mono
							.zip(this.members.township(village.townshipId()),
									this.members.member(receipt.supplierMemberId()),
									this.members.disclosure(receipt.supplierMemberId()))
							// the supplier is named only when the household agreed to
							// show its name
							.map((found) -> new TraceView(receipt.traceCode(), product.nameZh(), product.nameEn(),
									sku.code(), sku.grade(), village.nameZh(), village.nameEn(), found.getT1().nameZh(),
									found.getT1().nameEn(), receipt.harvestDate(),
									found.getT3().showName() ? found.getT2().name() : null))))));
	}

	/**
	 * Each supplier member's stock receipts delivered on the days {@code from} through
	 * {@code through}: their transaction volume with the cooperative's shop, a basis of
	 * patronage refunds.
	 */
	public Flux<SupplierVolume> supplierVolumes(LocalDate from, LocalDate through) {
		return this.ledger.supplierVolumes(from, through);
	}

	/**
	 * One member's stock receipts delivered on the days {@code from} through
	 * {@code through}, per SKU.
	 */
	public Flux<SkuVolume> memberVolumesBySku(UUID memberId, LocalDate from, LocalDate through) {
		return this.ledger.memberVolumesBySku(memberId, from, through)
			.concatMap((entry) -> this.catalog.sku(entry.getKey())
				.map((sku) -> new SkuVolume(sku.id(), sku.code(), entry.getValue()[0], entry.getValue()[1])));
	}

	/** The SKUs a member household ever delivered, the most recently delivered first. */
	public Flux<UUID> skusDeliveredBy(UUID memberId) {
		return this.ledger.skusDeliveredBy(memberId);
	}

	private static String traceCode() {
		long bits = UUID.randomUUID().getLeastSignificantBits();
		char[] code = new char[10];
		for (int i = 0; i < code.length; i++) {
			code[i] = CODE_ALPHABET[(int) (bits & 31)];
			bits >>>= 5;
		}
		return new String(code);
	}

}
