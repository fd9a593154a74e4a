-- fair drops, ordering
-- who recorded an offline payment (a host or an admin), for the books and the audit log;
-- whether the order takes its units when paid (pay-to-claim) instead of holding them;
-- why an order closed without the buyer or a host closing it
ALTER TABLE orders
    ADD COLUMN paid_by           text,
    ADD COLUMN claims_on_payment boolean NOT NULL DEFAULT false,
    ADD COLUMN close_reason      text CHECK (close_reason IN ('SOLD_OUT_BEFORE_PAYMENT'));

-- how many unpaid orders each buyer holds across the store, capped by
-- cooplive.ordering.caps.unpaid-orders-per-buyer; buyers' own orders count (not those a
-- host enters), and an order stops counting when it leaves PENDING_PAYMENT
CREATE TABLE buyer_hold (
    buyer_phone   text PRIMARY KEY,
    unpaid_orders integer NOT NULL CHECK (unpaid_orders >= 0)
);

INSERT INTO buyer_hold (buyer_phone, unpaid_orders)
SELECT buyer_phone, count(*) FROM orders
WHERE status = 'PENDING_PAYMENT' AND host_member_id IS NULL
GROUP BY buyer_phone;
