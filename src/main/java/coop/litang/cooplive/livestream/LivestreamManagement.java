package coop.litang.cooplive.livestream;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import coop.litang.cooplive.catalog.CatalogManagement;
import coop.litang.cooplive.catalog.SkuView;
import coop.litang.cooplive.inventory.InventoryManagement;
import coop.litang.cooplive.inventory.SoldOut;
import coop.litang.cooplive.members.MembersManagement;
import coop.litang.cooplive.shared.Actor;
import coop.litang.cooplive.shared.Conflict;
import coop.litang.cooplive.shared.Forbidden;
import coop.litang.cooplive.shared.InvalidInput;
import coop.litang.cooplive.shared.NotFound;
import coop.litang.cooplive.shared.Page;
import coop.litang.cooplive.shared.PageQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The livestream module's API: sessions and their line-ups, the quota each live item
 * holds back from general stock, per-buyer limits, and the Redis gate in front of them. A
 * host manages only their own sessions; an admin manages all.
 */
@Service
public class LivestreamManagement {

	private static final Logger log = LoggerFactory.getLogger(LivestreamManagement.class);

	private final Sessions sessions;

	private final LineupCache cache;

	private final LiveGate gate;

	private final InventoryManagement inventory;

	private final CatalogManagement catalog;

	private final MembersManagement members;

	private final LivestreamSettings settings;

	private final Clock clock;

	private static final Duration REBUILD_INTERVAL = Duration.ofSeconds(1);

	// when each item's gate was last reloaded on demand (monotonic time)
	private final Map<UUID, Long> lastRebuild = new ConcurrentHashMap<>();

	LivestreamManagement(Sessions sessions, LineupCache cache, LiveGate gate, InventoryManagement inventory,
			CatalogManagement catalog, MembersManagement members, LivestreamSettings settings, Clock clock) {
		this.sessions = sessions;
		this.cache = cache;
		this.gate = gate;
		this.inventory = inventory;
		this.catalog = catalog;
		this.members = members;
		this.settings = settings;
		this.clock = clock;
	}

	// sessions

	/**
	 * Schedules a session. A host schedules for themselves; an admin names the host.
	 * @throws InvalidInput when an admin names no host or a member who is not a host
	 */
	@Transactional
	public Mono<SessionView> createSession(SessionDetails details, Actor actor) {
		UUID host = actor.isAdmin() ? details.hostMemberId() : actor.memberId();
		if (host == null) {
			return Mono.error(new InvalidInput("hostMemberId", "an admin names the host member"));
		}
		UUID id = UUID.randomUUID();
		return this.members.member(host)
			.onErrorMap(NotFound.class, (ex) -> new InvalidInput("hostMemberId", "no such member"))
			.flatMap((member) -> member.host() ? this.sessions.insert(id, host, details, this.clock.instant())
					: Mono.error(new InvalidInput("hostMemberId", "the member is not registered as host")))
			.then(Mono.defer(() -> view(id)));
	}

	/**
	 * Changes a session's title, channel, link or schedule.
	 * @throws Conflict {@code SESSION_ENDED} for an ended session
	 */
	@Transactional
	public Mono<SessionView> updateSession(UUID id, SessionDetails details, Actor actor) {
		return owned(id, actor).flatMap((session) -> this.sessions.update(id, details, this.clock.instant()))
			.flatMap((rows) -> (rows == 0) ? Mono.error(ended()) : view(id));
	}

	/**
	 * A session with its line-up, for its host or an admin.
	 * @throws NotFound for an unknown session
	 * @throws Forbidden for another host's session
	 */
	public Mono<SessionView> session(UUID id, Actor actor) {
		return owned(id, actor).then(view(id));
	}

	/** A host's own sessions, or all sessions for an admin, by scheduled start. */
	public Mono<Page<SessionView>> sessions(SessionStatus status, Actor actor, PageQuery page) {
		return Mono.defer(() -> page(status, actor.isAdmin() ? null : requireHost(actor), page));
	}

	/** Sessions as the storefront lists them: live or scheduled, by scheduled start. */
	public Mono<Page<SessionView>> publicSessions(SessionStatus status, PageQuery page) {
		if (status == SessionStatus.ENDED) {
			return Mono.error(new InvalidInput("status", "must be LIVE or SCHEDULED"));
		}
		return page((status != null) ? status : SessionStatus.LIVE, null, page);
	}

	/**
	 * A session with its line-up and what is left of each item, as buyers see it.
	 * @throws NotFound for an unknown session
	 */
	public Mono<SessionView> publicSession(UUID id) {
		return view(id);
	}

	/**
	 * Takes a session live: each line-up item's quota is held back from general stock and
	 * opened for orders, and the Redis gate is loaded.
	 * @throws Conflict {@code ILLEGAL_SESSION_TRANSITION} unless it is scheduled;
	 * {@code INSUFFICIENT_STOCK} when stock cannot cover a quota (nothing changes then)
	 */
	@Transactional
	public Mono<SessionView> start(UUID id, Actor actor) {
		return owned(id, actor).doFinally((signal) -> this.cache.evict(id))
			.then(this.sessions.transition(id, SessionStatus.SCHEDULED, SessionStatus.LIVE, this.clock.instant()))
			.flatMap((rows) -> (rows == 0) ? Mono.error(illegalTransition("started", id)) : Mono.empty())
			.thenMany(this.sessions.items(id))
			.concatMap((item) -> open(item, actor))
			.then(Mono.defer(() -> view(id)))
			.flatMap((view) -> rebuildGate(id).thenReturn(view));
	}

	/**
	 * Ends a live session: its items close, and the part of each quota nobody holds goes
	 * back to general stock. Orders already placed keep their units.
	 * @throws Conflict {@code ILLEGAL_SESSION_TRANSITION} unless it is live
	 */
	@Transactional
	public Mono<SessionView> end(UUID id, Actor actor) {
		return owned(id, actor).doFinally((signal) -> this.cache.evict(id))
			.then(this.sessions.transition(id, SessionStatus.LIVE, SessionStatus.ENDED, this.clock.instant()))
			.flatMap((rows) -> (rows == 0) ? Mono.error(illegalTransition("ended", id)) : Mono.empty())
			.thenMany(this.sessions.items(id))
			.concatMap((item) -> this.sessions.close(item.id())
				.flatMap((unsold) -> (unsold > 0) ? this.inventory.release(item.skuId(), unsold,
						"session ended, unsold quota returned", holdReference(item), actor.username()) : Mono.empty())
				.then(this.gate.forget(item.id())))
			.then(Mono.defer(() -> view(id)));
	}

	private Mono<Void> open(Sessions.Item item, Actor actor) {
		return this.inventory.reserve(item.skuId(), item.skuCode(), item.quota(), holdReference(item), actor.username())
			.onErrorMap(SoldOut.class,
					(ex) -> new Conflict("INSUFFICIENT_STOCK",
							"not enough stock of " + item.skuCode() + " to hold the session quota of " + item.quota(),
							"lineup"))
			.then(this.sessions.setOpen(item.id(), true))
			.then();
	}

	private static String holdReference(Sessions.Item item) {
		return "session:" + item.sessionId() + ":item:" + item.id();
	}

	// line-up

	/**
	 * Adds a SKU to a session's line-up; in a live session its quota is held at once.
	 * @throws InvalidInput for an unknown or inactive SKU
	 * @throws Conflict {@code SESSION_ENDED}, {@code DUPLICATE_SKU},
	 * {@code INSUFFICIENT_STOCK}
	 */
	@Transactional
	public Mono<SessionView> addItem(UUID sessionId, LineupItemDetails details, Actor actor) {
		UUID itemId = UUID.randomUUID();
		return owned(sessionId, actor).flatMap((session) -> {
			if (session.status() == SessionStatus.ENDED) {
				return Mono.error(ended());
			}
			return offered(details, actor)
				.flatMap((sku) -> this.sessions.items(sessionId)
					.filter((item) -> item.skuId().equals(details.skuId()))
					.hasElements()
					.flatMap((taken) -> taken
							? Mono.error(new Conflict("DUPLICATE_SKU", "the SKU is already in the line-up", "skuId"))
							: this.sessions.insertItem(itemId, sessionId, details, sku.code(), sku.unit(),
									this.clock.instant())))
				.then(Mono.defer(() -> (session.status() == SessionStatus.LIVE)
						? this.sessions.item(itemId).flatMap((item) -> open(item, actor)).then(rebuildGate(sessionId))
						: Mono.empty()));
		}).then(Mono.defer(() -> view(sessionId)));
	}

	/**
	 * Changes a line-up item of a scheduled session.
	 * @throws Conflict {@code SESSION_LIVE} once the session is live or ended
	 */
	@Transactional
	public Mono<SessionView> updateItem(UUID sessionId, UUID itemId, LineupItemDetails details, Actor actor) {
		// an item that opened cannot change, whatever the change
		return ownedItem(sessionId, itemId, actor)
			.flatMap((item) -> (item.open() || item.sold() > 0) ? Mono.error(notEditable()) : offered(details, actor))
			.flatMap((sku) -> this.sessions.updateItem(itemId, details, sku.code(), sku.unit()))
			.flatMap((rows) -> (rows == 0) ? Mono.error(notEditable()) : view(sessionId));
	}

	/**
	 * Removes a line-up item of a scheduled session.
	 * @throws Conflict {@code SESSION_LIVE} once the session is live or ended
	 */
	@Transactional
	public Mono<SessionView> removeItem(UUID sessionId, UUID itemId, Actor actor) {
		return ownedItem(sessionId, itemId, actor).then(this.sessions.deleteItem(itemId))
			.flatMap((rows) -> (rows == 0) ? Mono.error(notEditable()) : view(sessionId));
	}

	/** Pins an item as the one being shown now; the others are unpinned. */
	@Transactional
	public Mono<SessionView> pin(UUID sessionId, UUID itemId, Actor actor) {
		return ownedItem(sessionId, itemId, actor).then(this.sessions.pin(sessionId, itemId))
			.then(Mono.defer(() -> view(sessionId)));
	}

	// what ordering uses

	/**
	 * The live line-up item of a session for a SKU code, with the session price to
	 * capture.
	 * @throws NotFound for an unknown session
	 * @throws Conflict {@code SESSION_NOT_LIVE} unless the session is live
	 * @throws InvalidInput when the SKU is not in the line-up
	 */
	public Mono<ClaimedItem> liveItem(UUID sessionId, String skuCode, long quantity, String field) {
		return this.cache.get(sessionId)
			.switchIfEmpty(Mono.error(() -> new InvalidInput("sessionId", "no such session")))
			.flatMap((entry) -> {
				if (entry.header().status() != SessionStatus.LIVE) {
					return Mono.error(new Conflict("SESSION_NOT_LIVE", "the session is " + entry.header().status()));
				}
				return entry.item(skuCode)
					.map((item) -> terms(item).map((terms) -> new ClaimedItem(item.id(), item.skuId(), item.skuCode(),
							item.priceFen(), quantity, item.perBuyerLimit(), terms)))
					.orElseGet(() -> Mono.error(new InvalidInput(field, "not in this session's line-up")));
			});
	}

	// an item's terms; one added before units were kept with the line-up asks the catalog
	private Mono<ClaimedItem.Terms> terms(Sessions.Item item) {
		ClaimedItem.Terms terms = item.terms();
		if (terms.unit() != null) {
			return Mono.just(terms);
		}
		return this.catalog.sku(item.skuId())
			.map((sku) -> new ClaimedItem.Terms(sku.unit(), terms.verifiedBuyers(), terms.payToClaim(), terms.hold()));
	}

	/**
	 * The ids of the sessions a host owns, whatever their status, for the modules that
	 * keep their own records of sessions (orders) and show a host only theirs.
	 * @throws Forbidden for a caller acting for no member household
	 */
	public Flux<UUID> sessionIdsOf(Actor actor) {
		return Flux.defer(() -> this.sessions.idsOfHost(requireHost(actor)));
	}

	/** The host member of a session; {@link NotFound} when unknown. */
	public Mono<UUID> hostOf(UUID sessionId) {
		return this.sessions.header(sessionId)
			.map(Sessions.Header::hostMemberId)
			.switchIfEmpty(Mono.error(() -> new NotFound("session", sessionId)));
	}

	/**
	 * Asks the Redis gate whether an order for the item may go on to PostgreSQL, leaving
	 * the order's mark when it passes.
	 * @param mark names the order attempt, such as its idempotency key; may be null
	 * @return whether the gate took the units, could not decide (Redis did not answer, or
	 * counts the buyer at the limit, which PostgreSQL then checks), or saw the mark
	 * before
	 * @throws QuotaExceeded when the quota left in Redis is short: the caller refuses
	 * only once it knows the order's key is unused; {@link BuyerLimitExceeded} when the
	 * quantity alone is over the limit
	 */
	public Mono<GatePass> passGate(ClaimedItem item, String buyerPhone, String mark) {
		if (item.quantity() > item.perBuyerLimit()) {
			return Mono.error(new BuyerLimitExceeded(item.skuCode(), item.perBuyerLimit()));
		}
		return this.gate.admit(item.lineupItemId(), buyerPhone, item.quantity(), item.perBuyerLimit(), mark)
			.flatMap((verdict) -> switch (verdict) {
				case ADMITTED -> Mono.just(GatePass.TAKEN);
				case MARKED_BEFORE -> Mono.just(GatePass.MARKED_BEFORE);
				case MARKED_RECENTLY -> Mono.just(GatePass.MARKED_RECENTLY);
				case SOLD_OUT -> Mono.error(new QuotaExceeded(item.skuCode()));
				// Redis may count units PostgreSQL holds no claim for (an instance died
				// between taking them and committing): the buyer's limit is PostgreSQL's
				// to refuse
				case OVER_LIMIT -> Mono.just(GatePass.UNDECIDED);
				case UNKNOWN -> rebuildIfStale(item.lineupItemId()).thenReturn(GatePass.UNDECIDED);
				// its marks may be lost with the state: a retry of an order in flight
				// cannot be told from a new one, so PostgreSQL decides
				case SHORT_UNSURE -> Mono.just(GatePass.UNDECIDED);
			});
	}

	/**
	 * Whether {@link #soldOutRefusal} could refuse anything: false until this instance
	 * has seen some item's quota run short, so that orders need not be read for it
	 * before.
	 */
	public boolean mightRefuseSoldOut() {
		return this.gate.anyLastSeenSoldOut();
	}

	/**
	 * Tells the refusal {@link #passGate} would give an order of one live item whose
	 * quota ran out, found without a reactive step where the line-up is in memory and
	 * without taking or marking anything, so that a drop's late buyers can be answered
	 * cheaply: only for a live session's line-up item whose quota this instance last saw
	 * short, within the buyer's limit, after Redis confirmed that the quota left is short
	 * of the quantity and that the order's mark was not left before, and after the caller
	 * confirmed that the order's key is unused (a missing mark does not prove it: Redis
	 * may have lost it). PostgreSQL is asked first and Redis after it answered, so that
	 * another attempt with the key that passed the gate meanwhile, its order not yet
	 * committed, is seen by its mark. No refusal ({@code null}) whenever the order should
	 * take the usual path, which then decides.
	 * @param buyerVerified whether the buyer's phone was verified: an item sold to
	 * verified buyers is refused here only to them (the others are told why on the usual
	 * path)
	 * @param mark names the order attempt (its idempotency key)
	 * @param answerOn where Redis's answer is handed over, such as the event loop serving
	 * the request (one task per executor for a whole batch); {@code null} for anywhere
	 * @param keyUnused asks whether no order holds the key, to be told {@code true} when
	 * none does ({@code false} when one does or nobody can tell); asked only for a
	 * candidate
	 * @param answer told the refusal, or {@code null} when the order should take the
	 * usual path; once
	 */
	public void soldOutRefusal(UUID sessionId, String skuCode, long quantity, boolean buyerVerified, String mark,
			Executor answerOn, Consumer<Consumer<Boolean>> keyUnused, Consumer<QuotaExceeded> answer) {
		LineupCache.Entry loaded = this.cache.loaded(sessionId);
		if (loaded != null) {
			// the line-up in memory needs no reactive step
			soldOutRefusal(loaded, skuCode, quantity, buyerVerified, mark, answerOn, keyUnused, answer);
			return;
		}
		this.cache.get(sessionId)
			.switchIfEmpty(Mono.fromRunnable(() -> answer.accept(null)))
			.subscribe((entry) -> soldOutRefusal(entry, skuCode, quantity, buyerVerified, mark, answerOn, keyUnused,
					answer), (ex) -> answer.accept(null));
	}

	private void soldOutRefusal(LineupCache.Entry entry, String skuCode, long quantity, boolean buyerVerified,
			String mark, Executor answerOn, Consumer<Consumer<Boolean>> keyUnused, Consumer<QuotaExceeded> answer) {
		Sessions.Item item = (entry.header().status() == SessionStatus.LIVE) ? entry.item(skuCode).orElse(null) : null;
		if (item == null || quantity > item.perBuyerLimit() || (!buyerVerified && item.terms().verifiedBuyers())
				|| !this.gate.lastSeenSoldOut(item.id())) {
			answer.accept(null);
			return;
		}
		// PostgreSQL first, Redis after: an attempt with the key that passes the gate
		// while
		// the key is looked up (its order not committed yet) has left its mark by the
		// time
		// Redis is asked, and the order then takes the usual path
		keyUnused.accept((unused) -> {
			if (!Boolean.TRUE.equals(unused)) {
				answer.accept(null);
				return;
			}
			this.gate.look(item.id(), quantity, mark, answerOn, (verdict) -> answer
				.accept((verdict == LiveGate.Verdict.SOLD_OUT) ? new QuotaExceeded(item.skuCode()) : null));
		});
	}

	/**
	 * Whether an attempt with the mark passed the gate and may still be in flight, asked
	 * after the gate found the quota short and PostgreSQL found no order holding the key:
	 * such an attempt, its order not committed yet when PostgreSQL was asked, has left
	 * its mark by now. {@code true} also when Redis cannot tell, so that PostgreSQL
	 * decides.
	 */
	public Mono<Boolean> markedSince(ClaimedItem item, String mark) {
		return Mono.create((sink) -> this.gate.look(item.lineupItemId(), item.quantity(), mark, null,
				(verdict) -> sink.success(verdict == LiveGate.Verdict.MARKED_BEFORE
						|| verdict == LiveGate.Verdict.MARKED_RECENTLY || verdict == LiveGate.Verdict.UNKNOWN)));
	}

	/**
	 * Whether an order of a pay-to-claim item could be paid for now, taking nothing: the
	 * item is open, its quota not sold out, the buyer within the limit. Its units are
	 * taken when the payment comes ({@link #reclaim}), first paid, first served.
	 * @throws QuotaExceeded when the quota left is short of the quantity (or the item
	 * closed)
	 * @throws BuyerLimitExceeded when the buyer already holds or bought the limit
	 */
	public Mono<Void> claimable(ClaimedItem item, String buyerPhone) {
		return this.sessions.leftAndHeld(item.lineupItemId(), buyerPhone)
			.switchIfEmpty(Mono.error(() -> new QuotaExceeded(item.skuCode())))
			.flatMap((leftAndHeld) -> {
				if (leftAndHeld[0] < item.quantity()) {
					return Mono.error(new QuotaExceeded(item.skuCode()));
				}
				if (leftAndHeld[1] + item.quantity() > item.perBuyerLimit()) {
					return Mono.error(new BuyerLimitExceeded(item.skuCode(), item.perBuyerLimit()));
				}
				return Mono.empty();
			});
	}

	/**
	 * Gives back to the gate what {@link #passGate} took, and its mark, after the order
	 * failed.
	 */
	public Mono<Void> giveBackToGate(ClaimedItem item, String buyerPhone, String mark) {
		return this.gate.giveBack(item.lineupItemId(), buyerPhone, item.quantity(), mark);
	}

	/**
	 * Takes units of a live item for an order, in the caller's transaction: first the
	 * buyer's units against the per-buyer limit, then the item's quota, last, since that
	 * row is the hot one.
	 * @throws BuyerLimitExceeded or {@link QuotaExceeded}
	 */
	public Mono<Void> claim(ClaimedItem item, String buyerPhone) {
		return this.sessions.claimForBuyer(item.lineupItemId(), buyerPhone, item.quantity(), item.perBuyerLimit())
			.flatMap((rows) -> (rows == 0) ? Mono.error(new BuyerLimitExceeded(item.skuCode(), item.perBuyerLimit()))
					: this.sessions.claimQuota(item.lineupItemId(), item.quantity()))
			.flatMap((rows) -> (rows == 0) ? Mono.error(new QuotaExceeded(item.skuCode())) : Mono.empty());
	}

	/**
	 * Takes units of one live item for a drop's batch of orders, in the caller's
	 * transaction: first every buyer's units against the per-buyer limit (one order per
	 * buyer in a batch), in one statement, then the item's quota for those within their
	 * limit, last, since that row is the hot one. The quota goes to the orders in their
	 * order until it runs out; what was not taken is given back.
	 * @return each order's outcome, in the order given
	 */
	public Mono<List<ClaimOutcome>> claimBatch(ClaimedItem item, List<BuyerUnits> wishes) {
		UUID itemId = item.lineupItemId();
		return this.sessions.claimForBuyers(itemId, item.perBuyerLimit(), wishes).flatMap((withinLimit) -> {
			long wanted = wishes.stream()
				.filter((wish) -> withinLimit.contains(wish.buyerPhone()))
				.mapToLong(BuyerUnits::quantity)
				.sum();
			return this.sessions.claimQuotaUpTo(itemId, wanted).flatMap((granted) -> {
				List<ClaimOutcome> outcomes = new ArrayList<>(wishes.size());
				List<BuyerUnits> overQuota = new ArrayList<>();
				long left = granted;
				for (BuyerUnits wish : wishes) {
					if (!withinLimit.contains(wish.buyerPhone())) {
						outcomes.add(ClaimOutcome.OVER_LIMIT);
					}
					else if (overQuota.isEmpty() && wish.quantity() <= left) {
						outcomes.add(ClaimOutcome.TAKEN);
						left -= wish.quantity();
					}
					else {
						outcomes.add(ClaimOutcome.OVER_QUOTA);
						overQuota.add(wish);
					}
				}
				return this.sessions.returnQuota(itemId, left)
					.then(this.sessions.unclaimForBuyers(itemId, overQuota))
					.thenReturn(List.copyOf(outcomes));
			});
		});
	}

	/**
	 * Takes units of a line-up item again for an order that expired and was paid
	 * afterwards, in the caller's transaction: from the item's quota, within the buyer's
	 * limit, while it is open.
	 * @return true when taken from the quota; false when the item is closed, so the units
	 * must come from general stock
	 * @throws BuyerLimitExceeded or {@link QuotaExceeded} when the open item cannot give
	 * them
	 */
	public Mono<Boolean> reclaim(UUID lineupItemId, String skuCode, String buyerPhone, long quantity) {
		// a quota already spent is known without queueing for the item's row: in a
		// pay-to-claim drop most payments come after the last unit went, all at once
		return this.sessions.openItemLimitAndLeft(lineupItemId)
			.flatMap((limitAndLeft) -> (limitAndLeft[1] < quantity) ? Mono.error(new QuotaExceeded(skuCode))
					: claim(new ClaimedItem(lineupItemId, null, skuCode, 0, quantity, limitAndLeft[0], null),
							buyerPhone)
						.thenReturn(true))
			.defaultIfEmpty(false);
	}

	/**
	 * Gives back units of a line-up item when its order is cancelled or expires, in the
	 * caller's transaction. While the session is live they return to its quota; after it
	 * ended they return to general stock.
	 */
	public Mono<Void> unclaim(UUID lineupItemId, UUID skuId, String buyerPhone, long quantity, String reference,
			String actor) {
		return this.sessions.unclaimForBuyer(lineupItemId, buyerPhone, quantity)
			.then(this.sessions.unclaimQuota(lineupItemId, quantity))
			.flatMap((open) -> open ? this.gate.giveBack(lineupItemId, buyerPhone, quantity, null) : this.inventory
				.release(skuId, quantity, "order given up after its session ended", reference, actor));
	}

	/** Loads the gate of every open item from PostgreSQL. */
	public Mono<Void> rebuildGate() {
		return rebuildOpenItems(LiveGate.Rebuild.RELOAD);
	}

	private Mono<Void> rebuildOpenItems(LiveGate.Rebuild why) {
		return this.sessions.openItems().concatMap((item) -> rebuild(item, why)).then();
	}

	/**
	 * Corrects what is left of every open item's quota in the Redis gate from PostgreSQL,
	 * without reloading the buyers' counts (a full rebuild of an item with a hundred
	 * thousand buyers stalls Redis for everyone); an item without state is rebuilt whole.
	 * Units in flight may leave the gate a little above the truth, which only sends a few
	 * extra orders to PostgreSQL to be refused there.
	 */
	public Mono<Void> correctGate() {
		return this.sessions.openItems()
			.concatMap((item) -> this.gate.correct(item.id(), item.quota() - item.sold())
				.flatMap((found) -> found ? Mono.<Void>empty() : rebuild(item, LiveGate.Rebuild.LOST)))
			.then();
	}

	private Mono<Void> rebuildGate(UUID sessionId) {
		return this.sessions.items(sessionId)
			.filter(Sessions.Item::open)
			.concatMap((item) -> rebuild(item, LiveGate.Rebuild.FRESH))
			.then();
	}

	private Mono<Void> rebuildIfStale(UUID itemId) {
		// the gate had no state or Redis failed: reload what PostgreSQL knows, without
		// delaying
		// this order, and once per item and second however many orders find it missing
		return Mono.fromRunnable(() -> {
			Mono<Void> rebuild;
			if (this.gate.takeRebuildRequest()) {
				rebuild = rebuildOpenItems(LiveGate.Rebuild.LOST);
			}
			else if (claimRebuild(itemId)) {
				rebuild = this.sessions.item(itemId).flatMap((item) -> rebuild(item, LiveGate.Rebuild.LOST));
			}
			else {
				return;
			}
			rebuild.subscribe(null, (ex) -> log.debug("gate rebuild failed: {}", ex.toString()));
		});
	}

	private boolean claimRebuild(UUID itemId) {
		long now = System.nanoTime();
		Long previous = this.lastRebuild.get(itemId);
		if (previous == null) {
			return this.lastRebuild.putIfAbsent(itemId, now) == null;
		}
		return now - previous >= REBUILD_INTERVAL.toNanos() && this.lastRebuild.replace(itemId, previous, now);
	}

	private Mono<Void> rebuild(Sessions.Item item, LiveGate.Rebuild why) {
		// read the item afresh: what was passed in may be older than the last commit
		return this.sessions.item(item.id())
			.filter(Sessions.Item::open)
			.flatMap((fresh) -> this.sessions.buyerClaims(fresh.id())
				.collectList()
				.flatMap((buyers) -> this.gate.rebuild(fresh.id(), why, fresh.quota() - fresh.sold(), buyers)));
	}

	// helpers

	private Mono<Page<SessionView>> page(SessionStatus status, UUID host, PageQuery page) {
		return Mono.zip(this.sessions.page(status, host, page).collectList(), this.sessions.count(status, host))
			.flatMap((found) -> this.sessions.lineups(found.getT1().stream().map(Sessions.Header::id).toList())
				.map((lineups) -> Page.of(found.getT1()
					.stream()
					.map((header) -> header.view(lineups.getOrDefault(header.id(), List.of())))
					.toList(), page, found.getT2())));
	}

	private Mono<SessionView> view(UUID id) {
		return this.sessions.header(id)
			.switchIfEmpty(Mono.error(() -> new NotFound("session", id)))
			.flatMap((header) -> this.sessions.items(id).map(Sessions.Item::view).collectList().map(header::view));
	}

	private Mono<Sessions.Header> owned(UUID id, Actor actor) {
		return this.sessions.header(id)
			.switchIfEmpty(Mono.error(() -> new NotFound("session", id)))
			.flatMap((header) -> Mono.fromCallable(() -> {
				actor.requireOwnerOrAdmin(header.hostMemberId(), "session");
				return header;
			}));
	}

	private Mono<Sessions.Item> ownedItem(UUID sessionId, UUID itemId, Actor actor) {
		return owned(sessionId, actor).then(this.sessions.item(itemId))
			.filter((item) -> item.sessionId().equals(sessionId))
			.switchIfEmpty(Mono.error(() -> new NotFound("line-up item", itemId)));
	}

	// the SKU of a line-up item, active, at a price the actor may set: far below the list
	// price only an admin may go
	private Mono<SkuView> offered(LineupItemDetails details, Actor actor) {
		return this.catalog.sku(details.skuId())
			.onErrorMap(NotFound.class, (ex) -> new InvalidInput("skuId", "no such SKU"))
			.flatMap((sku) -> {
				if (!sku.active()) {
					return Mono.error(new InvalidInput("skuId", "the SKU is not active"));
				}
				long lowest = this.settings.lowestPriceWithoutAdmin(sku.listPriceFen());
				if (details.sessionPriceFen() < lowest && !actor.isAdmin()) {
					return Mono.error(new Forbidden("PRICE_NEEDS_ADMIN",
							"a session price below " + this.settings.minPricePercent() + "% of the list price ("
									+ lowest + " fen of " + sku.listPriceFen() + ") needs an admin",
							"sessionPriceFen"));
				}
				return Mono.just(sku);
			});
	}

	private static UUID requireHost(Actor actor) {
		if (actor.memberId() == null) {
			throw new Forbidden("only hosts have sessions of their own");
		}
		return actor.memberId();
	}

	private static Conflict ended() {
		return new Conflict("SESSION_ENDED", "the session has ended");
	}

	private static Conflict notEditable() {
		return new Conflict("SESSION_LIVE", "line-up items can change only before the session goes live");
	}

	private static Conflict illegalTransition(String verb, UUID id) {
		return new Conflict("ILLEGAL_SESSION_TRANSITION", "session " + id + " cannot be " + verb + " now");
	}

}
