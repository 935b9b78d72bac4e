-- Every MFA device of every engineer as the portal last saw it in IAM (ListMFADevices), of any kind, with the
-- name shown on pages and when the engineer last used it (the default device for credentials). IAM stays the
-- truth: rows follow each listing, and a device removed in the console is re-checked with IAM when STS refuses
-- its serial. No seed, no code.
CREATE TABLE mfa_device (
    serial_number      VARCHAR(256) PRIMARY KEY,
    user_name          VARCHAR(128) NOT NULL,
    name               VARCHAR(256) NOT NULL,
    kind               VARCHAR(32)  NOT NULL,
    created_by_portal  BOOLEAN      NOT NULL,
    enabled_at         TIMESTAMP WITH TIME ZONE,
    last_used_at       TIMESTAMP WITH TIME ZONE
);
CREATE INDEX mfa_device_user ON mfa_device (user_name);
