package coop.litang.cooplive.payments;

import java.time.Instant;
import java.util.UUID;

import coop.litang.cooplive.shared.PageQuery;
import org.springframework.data.domain.Sort;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.r2dbc.core.ReactiveSelectOperation.SelectWithQuery;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Payments flagged for an admin, in PostgreSQL: read through Spring Data's template,
 * flagged once per payment and resolved once with explicit SQL.
 */
@Repository
class PaymentFlags {

	private final DatabaseClient db;

	private final R2dbcEntityTemplate template;

	PaymentFlags(DatabaseClient db, R2dbcEntityTemplate template) {
		this.db = db;
		this.template = template;
	}

	/** Flags a payment for the reason, once. */
	Mono<Void> insert(UUID orderId, String reference, String reason, long expectedFen, String expectedCurrency,
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

	/** Open or resolved flags, newest first. */
	Flux<PaymentFlagView> page(boolean open, PageQuery page) {
		return flags()
			.matching(Query.query(open(open))
				.sort(Sort.by(Sort.Order.desc("createdAt"), Sort.Order.asc("id")))
				.limit(page.size())
				.offset(page.offset()))
			.all();
	}

	Mono<Long> count(boolean open) {
		return flags().matching(Query.query(open(open))).count();
	}

	Mono<PaymentFlagView> find(UUID id) {
		return flags().matching(Query.query(Criteria.where("id").is(id))).one();
	}

	/** Resolves an open flag; zero rows when it was resolved before. */
	Mono<Long> resolve(UUID id, String resolution, String actor, Instant now) {
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

	private SelectWithQuery<PaymentFlagView> flags() {
		return this.template.select(PaymentFlagView.class).from("payment_flag");
	}

	private static Criteria open(boolean open) {
		return open ? Criteria.where("resolvedAt").isNull() : Criteria.where("resolvedAt").isNotNull();
	}

}
