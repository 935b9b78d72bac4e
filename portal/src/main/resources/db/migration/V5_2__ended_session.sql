-- Browser sessions that were signed out (decision 0009): a copy of the session cookie captured before sign-out is
-- refused by every replica. Only a SHA-256 of the session's key (the identity provider's sid), never a token.
-- Rows are purged once the session could no longer be alive anyway (portal.identity.ended-session-retention).
CREATE TABLE ended_session (
    session_hash  VARCHAR(64) PRIMARY KEY,
    ended_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ended_session_ended_at ON ended_session (ended_at);
