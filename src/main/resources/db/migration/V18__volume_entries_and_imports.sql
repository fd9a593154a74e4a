-- dividends: files of deliveries or capital imported by accountants; the same file is
-- imported once
CREATE TABLE book_import (
    id           uuid PRIMARY KEY,
    kind         text NOT NULL CHECK (kind IN ('DELIVERIES', 'CAPITAL')),
    file_name    text NOT NULL,
    file_sha256  text NOT NULL,
    rows         int NOT NULL CHECK (rows > 0),
    imported_at  timestamptz NOT NULL,
    imported_by  text NOT NULL,
    CONSTRAINT book_import_once UNIQUE (kind, file_sha256)
);

-- dividends: transaction volumes that never were stock of the cooperative's shop
-- (deliveries sold elsewhere, or from before cooplive), append-only: a mistake is
-- corrected by an entry of the opposite sign
CREATE TABLE volume_entry (
    id           uuid PRIMARY KEY,
    member_id    uuid NOT NULL REFERENCES member (id),
    delivered_on date NOT NULL,
    quantity     bigint NOT NULL,
    amount_fen   bigint NOT NULL,
    description  text NOT NULL,
    reference    text NOT NULL,
    import_id    uuid REFERENCES book_import (id),
    import_row   int,
    recorded_at  timestamptz NOT NULL,
    recorded_by  text NOT NULL,
    CHECK (quantity <> 0 OR amount_fen <> 0),
    CHECK ((import_id IS NULL) = (import_row IS NULL))
);

CREATE INDEX volume_entry_delivered_idx ON volume_entry (delivered_on, member_id);
CREATE INDEX volume_entry_member_idx ON volume_entry (member_id, delivered_on);

CREATE FUNCTION volume_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'transaction volume entries are append-only: correct with a new entry';
END;
$$;

CREATE TRIGGER volume_entry_no_update BEFORE UPDATE OR DELETE ON volume_entry
    FOR EACH ROW EXECUTE FUNCTION volume_entry_append_only();
