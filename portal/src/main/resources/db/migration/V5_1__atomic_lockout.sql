-- The lockout's check and count become one step (issue #14): a code attempt reserves its place in the count
-- before the code goes to AWS (pending = TRUE), under a row lock per person, so parallel requests on any number
-- of replicas cannot let more than the limit through. A reservation becomes a failure (pending = FALSE) or is
-- removed; one a crash left behind stops counting after portal.lockout.attempt-timeout.
ALTER TABLE code_failure ADD COLUMN pending BOOLEAN DEFAULT FALSE NOT NULL;

-- One row per person who ever tried a code: what the attempt's transaction locks (SELECT ... FOR UPDATE).
CREATE TABLE lockout_subject (
    user_name VARCHAR(128) PRIMARY KEY
);
