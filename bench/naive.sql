-- The naive order transaction on one hot row, for pgbench: a guarded stock update, then
-- the order and its line. bench/run.sh runs it to measure what the database alone gives.
\set buyer random(1, 100000000)
BEGIN;
UPDATE naive.stock SET on_hand = on_hand - 1 WHERE sku_id = 1 AND on_hand >= 1;
INSERT INTO naive.orders (buyer, total_fen, created_at) VALUES (:buyer, 5000, now()) RETURNING id \gset
INSERT INTO naive.order_line (order_id, sku_id, quantity, unit_price_fen) VALUES (:id, 1, 1, 5000);
END;
