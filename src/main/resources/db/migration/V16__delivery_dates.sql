-- inventory: the day produce was delivered, in Litang's calendar, decides its fiscal year;
-- it may be recorded later, but never into a closed year
ALTER TABLE stock_receipt ADD COLUMN delivered_on date;
UPDATE stock_receipt SET delivered_on = (received_at AT TIME ZONE 'Asia/Shanghai')::date;
ALTER TABLE stock_receipt ALTER COLUMN delivered_on SET NOT NULL;
CREATE INDEX stock_receipt_delivered_idx ON stock_receipt (delivered_on, supplier_member_id);
