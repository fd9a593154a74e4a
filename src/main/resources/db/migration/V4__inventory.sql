-- inventory: stock levels per SKU, the append-only movement ledger, stock receipts
CREATE TABLE stock_level (
    sku_id     uuid PRIMARY KEY,
    on_hand    bigint NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
    reserved   bigint NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    updated_at timestamptz NOT NULL,
    CHECK (reserved <= on_hand)
);

CREATE TABLE stock_receipt (
    id                  uuid PRIMARY KEY,
    trace_code          text NOT NULL CONSTRAINT stock_receipt_trace_code_unique UNIQUE,
    sku_id              uuid NOT NULL REFERENCES sku (id),
    supplier_member_id  uuid NOT NULL REFERENCES member (id),
    origin_village_id   uuid NOT NULL REFERENCES village (id),
    quantity            bigint NOT NULL CHECK (quantity > 0),
    purchase_value_fen  bigint NOT NULL CHECK (purchase_value_fen >= 0),
    harvest_date        date NOT NULL,
    received_at         timestamptz NOT NULL,
    actor               text NOT NULL
);

CREATE INDEX stock_receipt_supplier_idx ON stock_receipt (supplier_member_id, received_at);

CREATE TABLE stock_movement (
    id          bigserial PRIMARY KEY,
    sku_id      uuid NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('RECEIPT', 'RESERVE', 'RELEASE', 'SALE', 'ADJUSTMENT', 'RETURN')),
    quantity    bigint NOT NULL CHECK (quantity <> 0),
    reason      text NOT NULL,
    actor       text NOT NULL,
    reference   text NOT NULL,
    occurred_at timestamptz NOT NULL,
    CHECK (kind = 'ADJUSTMENT' OR quantity > 0)
);

CREATE INDEX stock_movement_sku_idx ON stock_movement (sku_id, id);
CREATE INDEX stock_movement_reference_idx ON stock_movement (reference);

-- the ledger is append-only
CREATE FUNCTION stock_movement_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'stock_movement is append-only';
END;
$$;

CREATE TRIGGER stock_movement_no_update BEFORE UPDATE OR DELETE ON stock_movement
    FOR EACH ROW EXECUTE FUNCTION stock_movement_append_only();
