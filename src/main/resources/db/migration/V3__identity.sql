-- identity: users who sign in (admins, hosts, accountants)
CREATE TABLE app_user (
    id            uuid PRIMARY KEY,
    username      text NOT NULL CONSTRAINT app_user_username_unique UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,39}$'),
    password_hash text NOT NULL,
    role          text NOT NULL CHECK (role IN ('ADMIN', 'HOST', 'ACCOUNTANT')),
    member_id     uuid REFERENCES member (id),
    enabled       boolean NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL,
    CHECK ((role = 'HOST') = (member_id IS NOT NULL))
);
