-- One row per named credential (om, tze, ...). Every bundle instance sharing this database reads the
-- same token; the lease columns make exactly one instance the refresher at a time.
-- Times are epoch milliseconds (BIGINT) so H2 and PostgreSQL behave identically.
CREATE TABLE token_state (
    credential      VARCHAR(100)  NOT NULL PRIMARY KEY,
    access_token    VARCHAR(4096),
    version         BIGINT        NOT NULL DEFAULT 0,
    issued_at       BIGINT        NOT NULL DEFAULT 0,
    expires_at      BIGINT        NOT NULL DEFAULT 0,
    refresh_at      BIGINT        NOT NULL DEFAULT 0,
    lease_owner     VARCHAR(200),
    lease_until     BIGINT        NOT NULL DEFAULT 0,
    failures        INT           NOT NULL DEFAULT 0,
    next_attempt_at BIGINT        NOT NULL DEFAULT 0,
    last_error      VARCHAR(500),
    updated_at      BIGINT        NOT NULL DEFAULT 0
);
