-- ordering: orders, their lines, idempotency keys
CREATE TABLE orders (
    id                uuid PRIMARY KEY,
    channel           text NOT NULL CHECK (channel IN ('STOREFRONT', 'SESSION')),
    session_id        uuid,
    host_member_id    uuid,
    buyer_name        text NOT NULL,
    buyer_phone       text NOT NULL,
    buyer_address     text NOT NULL,
    status            text NOT NULL CHECK (status IN ('PENDING_PAYMENT', 'PAID', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'EXPIRED', 'REFUNDED')),
    payment_method    text NOT NULL CHECK (payment_method IN ('CARD', 'OFFLINE')),
    payment_reference text,
    total_fen         bigint NOT NULL CHECK (total_fen > 0),
    created_at        timestamptz NOT NULL,
    expires_at        timestamptz NOT NULL,
    paid_at           timestamptz,
    shipped_at        timestamptz,
    carrier           text,
    tracking_number   text,
    delivered_at      timestamptz,
    cancelled_at      timestamptz,
    expired_at        timestamptz,
    updated_at        timestamptz NOT NULL,
    CHECK ((channel = 'SESSION') = (session_id IS NOT NULL))
);

CREATE INDEX orders_pending_expiry_idx ON orders (expires_at) WHERE status = 'PENDING_PAYMENT';
CREATE INDEX orders_session_idx ON orders (session_id, created_at) WHERE session_id IS NOT NULL;

CREATE TABLE order_line (
    order_id        uuid NOT NULL REFERENCES orders (id),
    line_no         int NOT NULL,
    sku_id          uuid NOT NULL,
    sku_code        text NOT NULL,
    lineup_item_id  uuid,
    quantity        bigint NOT NULL CHECK (quantity > 0),
    unit_price_fen  bigint NOT NULL CHECK (unit_price_fen > 0),
    line_total_fen  bigint NOT NULL CHECK (line_total_fen = quantity * unit_price_fen),
    PRIMARY KEY (order_id, line_no)
);

CREATE TABLE order_idempotency (
    idempotency_key text PRIMARY KEY,
    request_hash    text NOT NULL,
    order_id        uuid NOT NULL,
    created_at      timestamptz NOT NULL
);
