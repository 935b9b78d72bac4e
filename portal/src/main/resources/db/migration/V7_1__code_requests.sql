-- Codes typed in the browser for the command-line helper when it has no terminal (docs/decisions/0011). In the
-- database, so that the helper may poll any replica and the engineer may answer on any other. No MFA code is ever
-- stored; the credentials wait here sealed (AES-GCM, bound to the request) for one hand-over, then are deleted.
CREATE TABLE code_request (
    id               VARCHAR(64)   PRIMARY KEY,
    user_name        VARCHAR(128)  NOT NULL,
    subject          VARCHAR(256)  NOT NULL,
    poll_secret_hash VARCHAR(64)   NOT NULL,
    machine          VARCHAR(128)  NOT NULL,
    command          VARCHAR(512)  NOT NULL,
    role_arn         VARCHAR(2048),
    duration_seconds INTEGER,
    format           VARCHAR(32)   NOT NULL,
    region           VARCHAR(32),
    profile_name     VARCHAR(64),
    status           VARCHAR(16)   NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    credentials      TEXT
);
CREATE INDEX code_request_user_name ON code_request (user_name);
CREATE INDEX code_request_expires_at ON code_request (expires_at);
