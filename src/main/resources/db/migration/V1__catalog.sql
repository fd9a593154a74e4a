-- catalog: products and their SKUs
CREATE TABLE product (
    id          uuid PRIMARY KEY,
    code        text NOT NULL CONSTRAINT product_code_unique UNIQUE CHECK (code ~ '^[A-Z0-9][A-Z0-9_-]{1,39}$'),
    name_zh     text NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 200),
    name_en     text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 200),
    description text NOT NULL DEFAULT '',
    active      boolean NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);

CREATE TABLE sku (
    id             uuid PRIMARY KEY,
    product_id     uuid NOT NULL REFERENCES product (id),
    code           text NOT NULL CONSTRAINT sku_code_unique UNIQUE CHECK (code ~ '^[A-Z0-9][A-Z0-9_-]{1,39}$'),
    unit           text NOT NULL CHECK (unit IN ('PIECE', 'GRAM', 'BOX', 'PACK')),
    grade          text NOT NULL DEFAULT '',
    list_price_fen bigint NOT NULL CHECK (list_price_fen > 0),
    active         boolean NOT NULL DEFAULT true,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);

CREATE INDEX sku_product_idx ON sku (product_id);
