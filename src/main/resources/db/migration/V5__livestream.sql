-- livestream: sessions, their line-ups, and what each buyer holds per line-up item
CREATE TABLE live_session (
    id              uuid PRIMARY KEY,
    host_member_id  uuid NOT NULL REFERENCES member (id),
    title           text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    channel         text NOT NULL CHECK (channel IN ('DOUYIN', 'KUAISHOU', 'WECHAT_CHANNELS', 'TAOBAO_LIVE', 'OTHER')),
    room_link       text NOT NULL DEFAULT '',
    scheduled_start timestamptz NOT NULL,
    status          text NOT NULL CHECK (status IN ('SCHEDULED', 'LIVE', 'ENDED')),
    started_at      timestamptz,
    ended_at        timestamptz,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);

CREATE INDEX live_session_status_idx ON live_session (status, scheduled_start);
CREATE INDEX live_session_host_idx ON live_session (host_member_id);

-- counters of a hot item live here; no foreign key points at this table's rows from order lines
CREATE TABLE lineup_item (
    id               uuid PRIMARY KEY,
    session_id       uuid NOT NULL REFERENCES live_session (id),
    sku_id           uuid NOT NULL REFERENCES sku (id),
    sku_code         text NOT NULL,
    session_price_fen bigint NOT NULL CHECK (session_price_fen > 0),
    quota            bigint NOT NULL CHECK (quota > 0),
    per_buyer_limit  bigint NOT NULL CHECK (per_buyer_limit > 0),
    pinned           boolean NOT NULL DEFAULT false,
    -- open while the session is live and its quota is held back from general stock
    open             boolean NOT NULL DEFAULT false,
    sold             bigint NOT NULL DEFAULT 0 CHECK (sold >= 0),
    created_at       timestamptz NOT NULL,
    CONSTRAINT lineup_item_sku_unique UNIQUE (session_id, sku_id),
    CHECK (sold <= quota)
);

CREATE UNIQUE INDEX lineup_item_one_pinned ON lineup_item (session_id) WHERE pinned;

CREATE TABLE buyer_claim (
    lineup_item_id uuid NOT NULL,
    buyer_phone    text NOT NULL,
    units          bigint NOT NULL CHECK (units >= 0),
    per_buyer_limit bigint NOT NULL,
    PRIMARY KEY (lineup_item_id, buyer_phone),
    CHECK (units <= per_buyer_limit)
);
