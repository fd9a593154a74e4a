-- dividends: fiscal periods and dividend runs with their lines
CREATE TABLE fiscal_period (
    id               uuid PRIMARY KEY,
    year             int NOT NULL CONSTRAINT fiscal_period_year_unique UNIQUE CHECK (year BETWEEN 2000 AND 2100),
    status           text NOT NULL CHECK (status IN ('OPEN', 'CLOSED')),
    revenue_fen      bigint,
    cost_of_goods_fen bigint,
    expenses_fen     bigint,
    income_tax_fen   bigint,
    surplus_fen      bigint,
    carried_loss_fen bigint NOT NULL DEFAULT 0 CHECK (carried_loss_fen >= 0),
    created_at       timestamptz NOT NULL,
    closed_at        timestamptz,
    closed_by        text,
    CHECK (status = 'OPEN' OR surplus_fen IS NOT NULL)
);

CREATE TABLE dividend_run (
    id                   uuid PRIMARY KEY,
    period_id            uuid NOT NULL REFERENCES fiscal_period (id),
    status               text NOT NULL CHECK (status IN ('DRAFT', 'SUPERSEDED', 'APPROVED')),
    -- a REVERSAL undoes an approved RUN (same figures, opposite effect); a RUN computed after
    -- a reversal names the run it corrects
    kind                 text NOT NULL DEFAULT 'RUN' CHECK (kind IN ('RUN', 'REVERSAL')),
    corrects_run_id      uuid REFERENCES dividend_run (id),
    reason               text,
    provident_rate_bp    int NOT NULL,
    patronage_rate_bp    int NOT NULL CHECK (patronage_rate_bp >= 6000),
    patronage_basis      text NOT NULL CHECK (patronage_basis IN ('AMOUNT', 'QUANTITY')),
    provident_basis      text NOT NULL CHECK (provident_basis IN ('CAPITAL', 'PATRONAGE')),
    tie_break            text NOT NULL DEFAULT 'MEMBER_NUMBER' CHECK (tie_break IN ('MEMBER_NUMBER', 'JOINED_ON')),
    surplus_fen          bigint NOT NULL,
    carried_loss_fen     bigint NOT NULL,
    provident_fund_fen   bigint NOT NULL CHECK (provident_fund_fen >= 0),
    distributable_fen    bigint NOT NULL CHECK (distributable_fen > 0),
    patronage_pool_fen   bigint NOT NULL,
    capital_pool_fen     bigint NOT NULL CHECK (capital_pool_fen >= 0),
    input_hash           text NOT NULL,
    computed_by          text NOT NULL,
    computed_at          timestamptz NOT NULL,
    approved_by          text,
    approved_at          timestamptz,
    CHECK (patronage_pool_fen + capital_pool_fen = distributable_fen),
    CHECK (provident_fund_fen + distributable_fen = surplus_fen - carried_loss_fen),
    CHECK (approved_by IS NULL OR approved_by <> computed_by),
    CHECK ((status = 'APPROVED') = (approved_by IS NOT NULL)),
    CHECK (kind = 'RUN' OR (corrects_run_id IS NOT NULL AND reason IS NOT NULL))
);

CREATE UNIQUE INDEX dividend_run_one_reversal ON dividend_run (corrects_run_id)
    WHERE kind = 'REVERSAL' AND status = 'APPROVED';

CREATE TABLE dividend_run_line (
    run_id               uuid NOT NULL REFERENCES dividend_run (id),
    line_no              int NOT NULL,
    participant          text NOT NULL,
    member_id            uuid,
    display_name         text NOT NULL,
    patronage_weight     bigint NOT NULL CHECK (patronage_weight >= 0),
    capital_weight       bigint NOT NULL CHECK (capital_weight >= 0),
    provident_weight     bigint NOT NULL CHECK (provident_weight >= 0),
    patronage_refund_fen bigint NOT NULL CHECK (patronage_refund_fen >= 0),
    capital_share_fen    bigint NOT NULL CHECK (capital_share_fen >= 0),
    provident_share_fen  bigint NOT NULL CHECK (provident_share_fen >= 0),
    total_fen            bigint NOT NULL CHECK (total_fen = patronage_refund_fen + capital_share_fen),
    PRIMARY KEY (run_id, line_no)
);

-- an approved run and its lines never change
CREATE FUNCTION dividend_run_approved_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'dividend_run' THEN
        IF OLD.status = 'APPROVED' THEN
            RAISE EXCEPTION 'an approved dividend run is final';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF EXISTS (SELECT 1 FROM dividend_run r WHERE r.id = OLD.run_id AND r.status = 'APPROVED') THEN
        RAISE EXCEPTION 'the lines of an approved dividend run are final';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$;

CREATE TRIGGER dividend_run_final BEFORE UPDATE OR DELETE ON dividend_run
    FOR EACH ROW EXECUTE FUNCTION dividend_run_approved_is_final();
CREATE TRIGGER dividend_run_line_final BEFORE UPDATE OR DELETE ON dividend_run_line
    FOR EACH ROW EXECUTE FUNCTION dividend_run_approved_is_final();
