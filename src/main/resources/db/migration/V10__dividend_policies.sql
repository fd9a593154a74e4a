-- dividends: the bylaws' distribution parameters, versioned with the day they take effect
CREATE TABLE dividend_policy (
    version           int PRIMARY KEY,
    effective_from    date NOT NULL CONSTRAINT dividend_policy_effective_unique UNIQUE,
    provident_rate_bp int NOT NULL CHECK (provident_rate_bp BETWEEN 0 AND 10000),
    patronage_rate_bp int NOT NULL CHECK (patronage_rate_bp BETWEEN 6000 AND 10000),
    patronage_basis   text NOT NULL CHECK (patronage_basis IN ('AMOUNT', 'QUANTITY')),
    provident_basis   text NOT NULL CHECK (provident_basis IN ('CAPITAL', 'PATRONAGE')),
    tie_break         text NOT NULL DEFAULT 'MEMBER_NUMBER' CHECK (tie_break IN ('MEMBER_NUMBER', 'JOINED_ON')),
    created_by        text NOT NULL,
    created_at        timestamptz NOT NULL
);

ALTER TABLE dividend_run ADD COLUMN policy_version int REFERENCES dividend_policy (version);
