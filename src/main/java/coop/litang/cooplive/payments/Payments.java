package coop.litang.cooplive.payments;

import java.time.Instant;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Payment intents, Stripe events and payments received, in PostgreSQL. Intents are read
 * through Spring Data's template; writes are explicit SQL, as most of them claim a key
 * once or guard a state.
 */
@Repository
class Payments {

	private final DatabaseClient db;

	private final R2dbcEntityTemplate template;

	Payments(DatabaseClient db, R2dbcEntityTemplate template) {
		this.db = db;
		this.template = template;
	}

	// payment intents

	/** An order's Stripe PaymentIntent. */
	@Table("payment_intent")
	record Intent(@Id UUID orderId, String stripeId, long amountFen, String currency, String clientSecret,
			String status, boolean settled, Instant createdAt) {
	}

	Mono<Intent> intentOf(UUID orderId) {
		return this.template.selectOne(Query.query(Criteria.where("orderId").is(orderId)), Intent.class);
	}

	Mono<Intent> intentByStripeId(String stripeId) {
		return this.template.selectOne(Query.query(Criteria.where("stripeId").is(stripeId)), Intent.class);
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

	/**
	 * A batch of unsettled intents, oldest first. Explicit SQL: {@code NOT settled} lets
	 * PostgreSQL use the index of unsettled intents.
	 */
	Flux<Intent> unsettledIntents(Instant createdBefore, Instant checkedBefore, int limit) {
		return this.db
			.sql("SELECT * FROM payment_intent WHERE NOT settled AND created_at <= :before "
					+ "AND (checked_at IS NULL OR checked_at <= :checked) ORDER BY created_at LIMIT :limit")
			.bind("before", createdBefore)
			.bind("checked", checkedBefore)
			.bind("limit", limit)
			.map((row, metadata) -> this.template.getConverter().read(Intent.class, row, metadata))
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

	Mono<Void> eventOutcome(String id, UUID orderId, WebhookOutcome outcome, String detail) {
		return this.db
			.sql("UPDATE stripe_event SET outcome = :outcome, detail = :detail, order_id = :order WHERE id = :id")
			.bind("id", id)
			.bind("outcome", outcome.value())
			.bind("detail", (detail != null) ? detail : "")
			.bind("order", Parameter.fromOrEmpty(orderId, UUID.class))
			.then();
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

}
