-- Short-lived access keys created ahead of time (when the credentials form opens) so the engineer does not
-- wait for IAM's propagation delay. The secret is sealed (AES-GCM) with a key every replica shares; a row
-- lives minutes at most: it is claimed by the next issuance, or the sweeper deletes it and its key.
CREATE TABLE prepared_access_key (
    ledger_id        BIGINT       PRIMARY KEY,
    user_name        VARCHAR(128) NOT NULL,
    access_key_id    VARCHAR(128) NOT NULL,
    sealed_secret    VARCHAR(1024) NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX prepared_access_key_user ON prepared_access_key (user_name, created_at);
