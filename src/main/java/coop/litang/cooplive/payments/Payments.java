package coop.litang.cooplive.payments;

import java.time.Instant;
import java.util.UUID;

import coop.litang.cooplive.shared.PageQuery;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Payment intents, Stripe events, payments received, refunds and flags in PostgreSQL.
 */
@Repository
class Payments {

	private final DatabaseClient db;

	Payments(DatabaseClient db) {
		this.db = db;
	}

	// payment intents

	record Intent(UUID orderId, String stripeId, long amountFen, String currency, String clientSecret, String status,
			boolean settled, Instant createdAt) {
	}

	Mono<Intent> intentOf(UUID orderId) {
		return this.db.sql("SELECT * FROM payment_intent WHERE order_id = :order")
			.bind("order", orderId)
			.map(Payments::toIntent)
			.first();
	}

	Mono<Intent> intentByStripeId(String stripeId) {
		return this.db.sql("SELECT * FROM payment_intent WHERE stripe_id = :id")
			.bind("id", stripeId)
			.map(Payments::toIntent)
			.first();
	}

	/** Stores the order's intent unless it has one; zero rows when it had. */
	Mono<Long> insertIntent(UUID orderId, PaymentProvider.ProviderIntent intent, Instant now) {
		return this.db
			.sql("INSERT INTO payment_intent (order_id, stripe_id, amount_fen, currency, client_secret, status, "
					+ "created_at, updated_at) VALUES (:order, :id, :amount, :currency, :secret, :status, :now, :now) "
					+ "ON CONFLICT (order_id) DO NOTHING")
			.bind("order", orderId)
			.bind("id", intent.id())
			.bind("amount", intent.amountFen())
			.bind("currency", intent.currency())
			.bind("secret", intent.clientSecret())
			.bind("status", intent.status())
			.bind("now", now)
			.fetch()
			.rowsUpdated();
	}

	/** Puts a new PaymentIntent in place of one cancelled at Stripe. */
	Mono<Long> replaceCancelledIntent(UUID orderId, String cancelledId, PaymentProvider.ProviderIntent intent,
			Instant now) {
		return this.db.sql("UPDATE payment_intent SET stripe_id = :id, amount_fen = :amount, currency = :currency, "
				+ "client_secret = :secret, status = :status, settled = false, created_at = :now, updated_at = :now, "
				+ "checked_at = NULL WHERE order_id = :order AND stripe_id = :cancelled")
			.bind("order", orderId)
			.bind("cancelled", cancelledId)
			.bind("id", intent.id())
			.bind("amount", intent.amountFen())
			.bind("currency", intent.currency())
			.bind("secret", intent.clientSecret())
			.bind("status", intent.status())
			.bind("now", now)
			.fetch()
			.rowsUpdated();
	}

	Mono<Void> updateIntent(String stripeId, String status, boolean settled, Instant now) {
		return this.db
			.sql("UPDATE payment_intent SET status = :status, settled = settled OR :settled, updated_at = :now, "
					+ "checked_at = :now WHERE stripe_id = :id AND (status <> 'succeeded' OR :status = 'succeeded')")
			.bind("id", stripeId)
			.bind("status", status)
			.bind("settled", settled)
			.bind("now", now)
			.then();
	}

	Flux<Intent> unsettledIntents(Instant createdBefore, Instant checkedBefore, int limit) {
		return this.db
			.sql("SELECT * FROM payment_intent WHERE NOT settled AND created_at <= :before "
					+ "AND (checked_at IS NULL OR checked_at <= :checked) ORDER BY created_at LIMIT :limit")
			.bind("before", createdBefore)
			.bind("checked", checkedBefore)
			.bind("limit", limit)
			.map(Payments::toIntent)
			.all();
	}

	// events

	/** Claims an event id; zero rows when it was applied before (or is being now). */
	Mono<Long> claimEvent(String id, String type, String objectId, Instant now) {
		return this.db
			.sql("INSERT INTO stripe_event (id, type, object_id, outcome, received_at) "
					+ "VALUES (:id, :type, :object, 'received', :now) ON CONFLICT (id) DO NOTHING")
			.bind("id", id)
			.bind("type", type)
			.bind("object", (objectId != null) ? objectId : "")
			.bind("now", now)
			.fetch()
			.rowsUpdated();
	}

	Mono<Void> eventOutcome(String id, UUID orderId, String outcome, String detail) {
		var spec = this.db
			.sql("UPDATE stripe_event SET outcome = :outcome, detail = :detail, order_id = :order WHERE id = :id")
			.bind("id", id)
			.bind("outcome", outcome)
			.bind("detail", (detail != null) ? detail : "");
		spec = (orderId != null) ? spec.bind("order", orderId) : spec.bindNull("order", UUID.class);
		return spec.then();
	}

	// payments received

	/**
	 * Records money received, once per reference and kind; zero rows when it was before.
	 */
	Mono<Long> insertPayment(UUID orderId, String reference, String kind, long amountFen, String currency,
			String outcome, Instant now) {
		return this.db
			.sql("INSERT INTO payment (id, order_id, provider, reference, kind, amount_fen, currency, outcome, "
					+ "received_at) VALUES (:id, :order, 'STRIPE', :reference, :kind, :amount, :currency, :outcome, :now) "
					+ "ON CONFLICT ON CONSTRAINT payment_once DO NOTHING")
			.bind("id", UUID.randomUUID())
			.bind("order", orderId)
			.bind("reference", reference)
			.bind("kind", kind)
			.bind("amount", amountFen)
			.bind("currency", currency)
			.bind("outcome", outcome)
			.bind("now", now)
			.fetch()
			.rowsUpdated();
	}

	Mono<Void> paymentOutcome(String reference, String kind, String outcome) {
		return this.db
			.sql("UPDATE payment SET outcome = :outcome WHERE provider = 'STRIPE' AND reference = :reference "
					+ "AND kind = :kind")
			.bind("reference", reference)
			.bind("kind", kind)
			.bind("outcome", outcome)
			.then();
	}

	/** How a payment was applied, when it was. */
	Mono<String> paymentOf(String reference, String kind) {
		return this.db
			.sql("SELECT outcome FROM payment WHERE provider = 'STRIPE' AND reference = :reference AND kind = :kind")
			.bind("reference", reference)
			.bind("kind", kind)
			.map((row) -> row.get(0, String.class))
			.first();
	}

	// flags

	Mono<Void> insertFlag(UUID orderId, String reference, String reason, long expectedFen, String expectedCurrency,
			long receivedFen, String receivedCurrency, Instant now) {
		return this.db
			.sql("INSERT INTO payment_flag (id, order_id, reference, reason, expected_fen, expected_currency, "
					+ "received_fen, received_currency, created_at) VALUES (:id, :order, :reference, :reason, "
					+ ":expected, :expectedCurrency, :received, :receivedCurrency, :now) "
					+ "ON CONFLICT ON CONSTRAINT payment_flag_once DO NOTHING")
			.bind("id", UUID.randomUUID())
			.bind("order", orderId)
			.bind("reference", reference)
			.bind("reason", reason)
			.bind("expected", expectedFen)
			.bind("expectedCurrency", expectedCurrency)
			.bind("received", receivedFen)
			.bind("receivedCurrency", receivedCurrency)
			.bind("now", now)
			.then();
	}

	Flux<PaymentFlagView> flags(boolean open, PageQuery page) {
		return this.db
			.sql("SELECT * FROM payment_flag WHERE (resolved_at IS NULL) = :open ORDER BY created_at DESC, id "
					+ "LIMIT :limit OFFSET :offset")
			.bind("open", open)
			.bind("limit", page.size())
			.bind("offset", page.offset())
			.map(Payments::toFlag)
			.all();
	}

	Mono<Long> countFlags(boolean open) {
		return this.db.sql("SELECT count(*) FROM payment_flag WHERE (resolved_at IS NULL) = :open")
			.bind("open", open)
			.map((row) -> row.get(0, Long.class))
			.one();
	}

	Mono<Long> resolveFlag(UUID id, String resolution, String actor, Instant now) {
		return this.db
			.sql("UPDATE payment_flag SET resolved_at = :now, resolved_by = :actor, resolution = :resolution "
					+ "WHERE id = :id AND resolved_at IS NULL")
			.bind("id", id)
			.bind("now", now)
			.bind("actor", actor)
			.bind("resolution", resolution)
			.fetch()
			.rowsUpdated();
	}

	Mono<PaymentFlagView> flag(UUID id) {
		return this.db.sql("SELECT * FROM payment_flag WHERE id = :id").bind("id", id).map(Payments::toFlag).first();
	}

	// refunds

	record Refund(UUID id, UUID orderId, String paymentIntent, long amountFen, String reason, RefundTrigger trigger,
			boolean againstOrder, String idempotencyKey, String requestHash, RefundStatus status, String stripeRefundId,
			String failure, String requestedBy, Instant createdAt, Instant updatedAt) {

		RefundView view() {
			return new RefundView(this.id, this.orderId, this.amountFen, this.reason, this.trigger, this.status,
					this.stripeRefundId, this.failure, this.requestedBy, this.createdAt, this.updatedAt);
		}

	}

	/** Stores a new refund unless its key was used for the order; zero rows then. */
	Mono<Long> insertRefund(Refund refund) {
		return this.db
			.sql("INSERT INTO refund (id, order_id, payment_intent, amount_fen, reason, trigger, against_order, "
					+ "idempotency_key, request_hash, status, requested_by, created_at, updated_at) VALUES (:id, :order, "
					+ ":intent, :amount, :reason, :trigger, :against, :key, :hash, 'PENDING', :by, :now, :now) "
					+ "ON CONFLICT ON CONSTRAINT refund_key_once DO NOTHING")
			.bind("id", refund.id())
			.bind("order", refund.orderId())
			.bind("intent", refund.paymentIntent())
			.bind("amount", refund.amountFen())
			.bind("reason", refund.reason())
			.bind("trigger", refund.trigger().name())
			.bind("against", refund.againstOrder())
			.bind("key", refund.idempotencyKey())
			.bind("hash", refund.requestHash())
			.bind("by", refund.requestedBy())
			.bind("now", refund.createdAt())
			.fetch()
			.rowsUpdated();
	}

	Mono<Refund> refundByKey(UUID orderId, String key) {
		return this.db.sql("SELECT * FROM refund WHERE order_id = :order AND idempotency_key = :key")
			.bind("order", orderId)
			.bind("key", key)
			.map(Payments::toRefund)
			.first();
	}

	Mono<Refund> refund(UUID id) {
		return this.db.sql("SELECT * FROM refund WHERE id = :id").bind("id", id).map(Payments::toRefund).first();
	}

	Flux<Refund> refunds(UUID orderId, PageQuery page) {
		return this.db.sql(
				"SELECT * FROM refund WHERE order_id = :order ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset")
			.bind("order", orderId)
			.bind("limit", page.size())
			.bind("offset", page.offset())
			.map(Payments::toRefund)
			.all();
	}

	Mono<Long> countRefunds(UUID orderId) {
		return this.db.sql("SELECT count(*) FROM refund WHERE order_id = :order")
			.bind("order", orderId)
			.map((row) -> row.get(0, Long.class))
			.one();
	}

	Mono<Void> refundProviderId(UUID id, String stripeRefundId, Instant now) {
		return this.db.sql("UPDATE refund SET stripe_refund_id = :stripe, updated_at = :now WHERE id = :id")
			.bind("id", id)
			.bind("stripe", stripeRefundId)
			.bind("now", now)
			.then();
	}

	/** Ends a pending refund; zero rows when it was ended before. */
	Mono<Long> settleRefund(UUID id, RefundStatus status, String stripeRefundId, String failure, Instant now) {
		var spec = this.db
			.sql("UPDATE refund SET status = :status, stripe_refund_id = coalesce(:stripe, stripe_refund_id), "
					+ "failure = :failure, updated_at = :now WHERE id = :id AND status = 'PENDING'")
			.bind("id", id)
			.bind("status", status.name())
			.bind("now", now);
		spec = (stripeRefundId != null) ? spec.bind("stripe", stripeRefundId) : spec.bindNull("stripe", String.class);
		spec = (failure != null) ? spec.bind("failure", failure) : spec.bindNull("failure", String.class);
		return spec.fetch().rowsUpdated();
	}

	Flux<Refund> pendingRefunds(Instant updatedBefore, int limit) {
		return this.db.sql(
				"SELECT * FROM refund WHERE status = 'PENDING' AND updated_at <= :before ORDER BY created_at LIMIT :limit")
			.bind("before", updatedBefore)
			.bind("limit", limit)
			.map(Payments::toRefund)
			.all();
	}

	Mono<Void> touchRefund(UUID id, Instant now) {
		return this.db.sql("UPDATE refund SET updated_at = :now WHERE id = :id AND status = 'PENDING'")
			.bind("id", id)
			.bind("now", now)
			.then();
	}

	private static Intent toIntent(Readable row) {
		return new Intent(row.get("order_id", UUID.class), row.get("stripe_id", String.class),
				row.get("amount_fen", Long.class), row.get("currency", String.class),
				row.get("client_secret", String.class), row.get("status", String.class),
				Boolean.TRUE.equals(row.get("settled", Boolean.class)), row.get("created_at", Instant.class));
	}

	private static Refund toRefund(Readable row) {
		return new Refund(row.get("id", UUID.class), row.get("order_id", UUID.class),
				row.get("payment_intent", String.class), row.get("amount_fen", Long.class),
				row.get("reason", String.class), RefundTrigger.valueOf(row.get("trigger", String.class)),
				Boolean.TRUE.equals(row.get("against_order", Boolean.class)), row.get("idempotency_key", String.class),
				row.get("request_hash", String.class), RefundStatus.valueOf(row.get("status", String.class)),
				row.get("stripe_refund_id", String.class), row.get("failure", String.class),
				row.get("requested_by", String.class), row.get("created_at", Instant.class),
				row.get("updated_at", Instant.class));
	}

	private static PaymentFlagView toFlag(Readable row) {
		return new PaymentFlagView(row.get("id", UUID.class), row.get("order_id", UUID.class),
				row.get("reference", String.class), row.get("reason", String.class),
				row.get("expected_fen", Long.class), row.get("expected_currency", String.class),
				row.get("received_fen", Long.class), row.get("received_currency", String.class),
				row.get("created_at", Instant.class), row.get("resolved_at", Instant.class),
				row.get("resolved_by", String.class), row.get("resolution", String.class));
	}

}
