-- ordering: a buyer's latest orders by phone, for the host's repeat-buyer look-up
CREATE INDEX orders_buyer_phone_idx ON orders (buyer_phone, created_at DESC) WHERE session_id IS NOT NULL;
