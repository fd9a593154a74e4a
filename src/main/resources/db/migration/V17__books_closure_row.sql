-- members: the closure row always exists, so that recording a dated entry can hold it
-- (FOR SHARE) against a concurrent close
INSERT INTO books_closed (id, through_date) VALUES (1, DATE '1999-12-31') ON CONFLICT (id) DO NOTHING;
