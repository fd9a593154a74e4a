DROP SCHEMA IF EXISTS naive CASCADE;
CREATE SCHEMA naive;
CREATE TABLE naive.stock (sku_id int PRIMARY KEY, on_hand bigint NOT NULL CHECK (on_hand >= 0));
CREATE TABLE naive.orders (id bigserial PRIMARY KEY, buyer bigint NOT NULL, total_fen bigint NOT NULL,
    created_at timestamptz NOT NULL);
CREATE TABLE naive.order_line (order_id bigint NOT NULL REFERENCES naive.orders (id), sku_id int NOT NULL,
    quantity int NOT NULL, unit_price_fen bigint NOT NULL);
INSERT INTO naive.stock VALUES (1, 1000000000);
