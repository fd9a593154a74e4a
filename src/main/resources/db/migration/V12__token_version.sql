-- identity: a user's tokens carry the version they were issued under; disabling or
-- enabling the user moves it on, and older tokens stop working
ALTER TABLE app_user ADD COLUMN token_version bigint NOT NULL DEFAULT 0;
