-- members: places, member households, shareholders and capital contributions
CREATE TABLE township (
    id      uuid PRIMARY KEY,
    code    text NOT NULL CONSTRAINT township_code_unique UNIQUE CHECK (code ~ '^[A-Z0-9][A-Z0-9_-]{1,39}$'),
    name_zh text NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 100),
    name_en text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 100)
);

CREATE TABLE village (
    id          uuid PRIMARY KEY,
    township_id uuid NOT NULL REFERENCES township (id),
    code        text NOT NULL CONSTRAINT village_code_unique UNIQUE CHECK (code ~ '^[A-Z0-9][A-Z0-9_-]{1,39}$'),
    name_zh     text NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 100),
    name_en     text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 100)
);

CREATE INDEX village_township_idx ON village (township_id);

CREATE SEQUENCE member_number_seq START 1001;

CREATE TABLE member (
    id         uuid PRIMARY KEY,
    number     bigint NOT NULL CONSTRAINT member_number_unique UNIQUE DEFAULT nextval('member_number_seq'),
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    phone      text NOT NULL CONSTRAINT member_phone_unique UNIQUE CHECK (phone ~ '^1[3-9][0-9]{9}$'),
    village_id uuid NOT NULL REFERENCES village (id),
    supplier   boolean NOT NULL,
    host       boolean NOT NULL,
    joined_on  date NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE INDEX member_village_idx ON member (village_id);

CREATE TABLE shareholder (
    id         uuid PRIMARY KEY,
    kind       text NOT NULL CHECK (kind IN ('MEMBER', 'VILLAGE')),
    member_id  uuid CONSTRAINT shareholder_member_unique UNIQUE REFERENCES member (id),
    village_id uuid CONSTRAINT shareholder_village_unique UNIQUE REFERENCES village (id),
    created_at timestamptz NOT NULL,
    CHECK ((kind = 'MEMBER' AND member_id IS NOT NULL AND village_id IS NULL)
        OR (kind = 'VILLAGE' AND village_id IS NOT NULL AND member_id IS NULL))
);

CREATE TABLE capital_contribution (
    id             uuid PRIMARY KEY,
    shareholder_id uuid NOT NULL REFERENCES shareholder (id),
    -- positive: paid in; negative: withdrawn
    amount_fen     bigint NOT NULL CHECK (amount_fen <> 0),
    contributed_on date NOT NULL,
    source         text NOT NULL CHECK (source IN ('VILLAGE_REVOLVING_FUND', 'POVERTY_HOUSEHOLD_ASSET', 'OTHER')),
    note           text NOT NULL DEFAULT '',
    created_at     timestamptz NOT NULL
);

CREATE INDEX capital_contribution_shareholder_idx ON capital_contribution (shareholder_id);
