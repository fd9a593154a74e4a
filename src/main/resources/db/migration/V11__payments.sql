-- payments: refunds on orders, cash on delivery, card payment intents, Stripe events,
-- payments received, refunds and payments flagged for an admin

-- an order's refunds: what was refunded and what is being refunded never exceed its total
ALTER TABLE orders
    ADD COLUMN refunded_fen bigint NOT NULL DEFAULT 0,
    ADD COLUMN refund_pending_fen bigint NOT NULL DEFAULT 0,
    ADD COLUMN refunded_at timestamptz,
    ADD CONSTRAINT orders_refunds_within_total
        CHECK (refunded_fen >= 0 AND refund_pending_fen >= 0 AND refunded_fen + refund_pending_fen <= total_fen);

ALTER TABLE orders DROP CONSTRAINT orders_payment_method_check;
ALTER TABLE orders ADD CONSTRAINT orders_payment_method_check
    CHECK (payment_method IN ('CARD', 'OFFLINE', 'CASH_ON_DELIVERY'));

-- one Stripe PaymentIntent per order, reused when the buyer asks again
CREATE TABLE payment_intent (
    order_id      uuid PRIMARY KEY,
    stripe_id     text NOT NULL UNIQUE,
    amount_fen    bigint NOT NULL CHECK (amount_fen > 0),
    currency      text NOT NULL,
    client_secret text NOT NULL,
    status        text NOT NULL,
    -- settled: Stripe's answer is applied (paid, refunded or given up); reconciliation skips it
    settled       boolean NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    checked_at    timestamptz
);

CREATE INDEX payment_intent_unsettled_idx ON payment_intent (created_at) WHERE NOT settled;

-- every Stripe event applied once, whatever the number of deliveries
CREATE TABLE stripe_event (
    id          text PRIMARY KEY,
    type        text NOT NULL,
    object_id   text,
    order_id    uuid,
    outcome     text NOT NULL,
    detail      text,
    received_at timestamptz NOT NULL
);

-- money received for an order, once per provider reference and kind
CREATE TABLE payment (
    id          uuid PRIMARY KEY,
    order_id    uuid NOT NULL,
    provider    text NOT NULL CHECK (provider IN ('STRIPE')),
    reference   text NOT NULL,
    kind        text NOT NULL,
    amount_fen  bigint NOT NULL CHECK (amount_fen >= 0),
    currency    text NOT NULL,
    outcome     text NOT NULL CHECK (outcome IN ('PAID', 'REVIVED', 'REFUND_DUE', 'MISMATCH')),
    received_at timestamptz NOT NULL,
    CONSTRAINT payment_once UNIQUE (provider, reference, kind)
);

CREATE INDEX payment_order_idx ON payment (order_id);

-- payments an admin has to look at: amount or currency differing from the order's
CREATE TABLE payment_flag (
    id                uuid PRIMARY KEY,
    order_id          uuid NOT NULL,
    reference         text NOT NULL,
    reason            text NOT NULL,
    expected_fen      bigint NOT NULL,
    expected_currency text NOT NULL,
    received_fen      bigint NOT NULL,
    received_currency text NOT NULL,
    created_at        timestamptz NOT NULL,
    resolved_at       timestamptz,
    resolved_by       text,
    resolution        text,
    CONSTRAINT payment_flag_once UNIQUE (reference, reason)
);

CREATE INDEX payment_flag_open_idx ON payment_flag (created_at) WHERE resolved_at IS NULL;

-- refunds: asked for by an admin or host, made automatically for money we must not keep,
-- or made in Stripe's dashboard and learnt from its events
CREATE TABLE refund (
    id               uuid PRIMARY KEY,
    order_id         uuid NOT NULL,
    payment_intent   text NOT NULL,
    amount_fen       bigint NOT NULL CHECK (amount_fen > 0),
    reason           text NOT NULL,
    trigger          text NOT NULL CHECK (trigger IN ('MANUAL', 'AUTOMATIC', 'EXTERNAL')),
    -- counts against the order's total (MANUAL, EXTERNAL) or returns a payment the order never took (AUTOMATIC)
    against_order    boolean NOT NULL,
    idempotency_key  text NOT NULL,
    request_hash     text NOT NULL,
    status           text NOT NULL CHECK (status IN ('PENDING', 'SUCCEEDED', 'FAILED')),
    stripe_refund_id text UNIQUE,
    failure          text,
    requested_by     text NOT NULL,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    CONSTRAINT refund_key_once UNIQUE (order_id, idempotency_key)
);

CREATE INDEX refund_pending_idx ON refund (created_at) WHERE status = 'PENDING';
CREATE INDEX refund_order_idx ON refund (order_id, created_at);
