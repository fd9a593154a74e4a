package coop.litang.cooplive.payments;

import java.time.Instant;
import java.util.UUID;

import coop.litang.cooplive.shared.PageQuery;
import org.springframework.data.domain.Sort;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import org.springframework.data.relational.core.query.Update;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Refunds in PostgreSQL. Plain reads and writes go through Spring Data's template; the
 * statements that guard a key or a state are explicit SQL.
 */
@Repository
class Refunds {

	private final DatabaseClient db;

	private final R2dbcEntityTemplate template;

	Refunds(DatabaseClient db, R2dbcEntityTemplate template) {
		this.db = db;
		this.template = template;
	}

	/**
	 * Stores a new pending refund unless its key was used for the order; zero rows then.
	 */
	Mono<Long> insert(Refund refund) {
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

	Mono<Refund> find(UUID id) {
		return this.template.selectOne(Query.query(Criteria.where("id").is(id)), Refund.class);
	}

	Mono<Refund> findByKey(UUID orderId, String key) {
		return this.template.selectOne(Query.query(Criteria.where("orderId").is(orderId).and("idempotencyKey").is(key)),
				Refund.class);
	}

	/** An order's refunds, newest first. */
	Flux<Refund> ofOrder(UUID orderId, PageQuery page) {
		return this.template.select(Query.query(Criteria.where("orderId").is(orderId))
			.sort(Sort.by(Sort.Order.desc("createdAt"), Sort.Order.asc("id")))
			.limit(page.size())
			.offset(page.offset()), Refund.class);
	}

	Mono<Long> countOfOrder(UUID orderId) {
		return this.template.count(Query.query(Criteria.where("orderId").is(orderId)), Refund.class);
	}

	/**
	 * Pending refunds last touched before the time, oldest first. Explicit SQL: the
	 * literal status lets PostgreSQL use the index of pending refunds.
	 */
	Flux<Refund> pending(Instant updatedBefore, int limit) {
		return this.db.sql(
				"SELECT * FROM refund WHERE status = 'PENDING' AND updated_at <= :before ORDER BY created_at LIMIT :limit")
			.bind("before", updatedBefore)
			.bind("limit", limit)
			.map((row, metadata) -> this.template.getConverter().read(Refund.class, row, metadata))
			.all();
	}

	/**
	 * Stores a refund's end while the stored one is still pending; zero rows when it was
	 * ended before.
	 */
	Mono<Long> settle(Refund settled) {
		return this.db
			.sql("UPDATE refund SET status = :status, stripe_refund_id = coalesce(:stripe, stripe_refund_id), "
					+ "failure = :failure, updated_at = :now WHERE id = :id AND status = 'PENDING'")
			.bind("id", settled.id())
			.bind("status", settled.status().name())
			.bind("stripe", Parameter.fromOrEmpty(settled.stripeRefundId(), String.class))
			.bind("failure", Parameter.fromOrEmpty(settled.failure(), String.class))
			.bind("now", settled.updatedAt())
			.fetch()
			.rowsUpdated();
	}

	/** Stripe's id of a refund it has not finished yet. */
	Mono<Void> recordProviderId(UUID id, String stripeRefundId, Instant now) {
		return this.template
			.update(Query.query(Criteria.where("id").is(id)),
					Update.update("stripeRefundId", stripeRefundId).set("updatedAt", now), Refund.class)
			.then();
	}

	/** Marks a pending refund as asked about now. */
	Mono<Void> touch(UUID id, Instant now) {
		return this.db.sql("UPDATE refund SET updated_at = :now WHERE id = :id AND status = 'PENDING'")
			.bind("id", id)
			.bind("now", now)
			.then();
	}

}
