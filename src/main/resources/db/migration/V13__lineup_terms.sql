-- fair drops, livestream: each line-up item says whether only verified buyers may order
-- it, whether it is sold first paid, first served, and how long its unpaid orders hold
-- their units; the SKU's unit (copied from the catalog when the item is added, as its
-- code is) decides the hold caps per line and order. Items added before this migration
-- have no unit here: the service asks the catalog for it.
ALTER TABLE lineup_item
    ADD COLUMN verified_buyers boolean NOT NULL DEFAULT true,
    ADD COLUMN pay_to_claim    boolean NOT NULL DEFAULT false,
    ADD COLUMN hold_seconds    integer NOT NULL DEFAULT 300 CHECK (hold_seconds BETWEEN 60 AND 3600),
    ADD COLUMN unit            text CHECK (unit IN ('PIECE', 'GRAM', 'BOX', 'PACK'));
