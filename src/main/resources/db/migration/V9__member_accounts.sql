-- dividends: member accounts (成员账户), append-only. Capital contributions stay with the
-- members module; these entries hold what the cooperative quantifies to each member.
CREATE TABLE member_account_entry (
    id           bigserial PRIMARY KEY,
    member_id    uuid NOT NULL REFERENCES member (id),
    kind         text NOT NULL CHECK (kind IN ('PROVIDENT_SHARE', 'SUBSIDY_SHARE', 'DONATION_SHARE')),
    amount_fen   bigint NOT NULL CHECK (amount_fen <> 0),
    effective_on date NOT NULL,
    reference    text NOT NULL,
    created_at   timestamptz NOT NULL,
    created_by   text NOT NULL
);

CREATE INDEX member_account_entry_member_idx ON member_account_entry (member_id, effective_on);

CREATE FUNCTION member_account_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'member accounts are append-only: correct with a new entry';
END;
$$;

CREATE TRIGGER member_account_entry_no_update BEFORE UPDATE OR DELETE ON member_account_entry
    FOR EACH ROW EXECUTE FUNCTION member_account_entry_append_only();

-- members: the day up to which the books are closed; capital dated on or before it is final
CREATE TABLE books_closed (
    id           int PRIMARY KEY CHECK (id = 1),
    through_date date NOT NULL
);
