-- TZE bindings: one row per TZE user (personId) who authorised this system through TZE's OAuth login.
-- The oauthToken lets the bundle act for that user (send messages); TZE issues it for 15 days and extends
-- it each time it is used, so expires_at moves forward on every successful use.
-- Times are epoch milliseconds (BIGINT) so H2 and PostgreSQL behave identically; 0 means "never".
-- invalid_at > 0: TZE refused the token; the row is kept (not deleted) so status views can say why the
-- user must authorise again. Only portable SQL: this script runs on both databases.
CREATE TABLE tze_binding (
    person_id      VARCHAR(200)  NOT NULL PRIMARY KEY,
    oauth_token    VARCHAR(1024) NOT NULL,
    expires_at     BIGINT        NOT NULL,
    created_at     BIGINT        NOT NULL,
    last_used_at   BIGINT        NOT NULL DEFAULT 0,
    invalid_at     BIGINT        NOT NULL DEFAULT 0,
    invalid_reason VARCHAR(500),
    updated_at     BIGINT        NOT NULL DEFAULT 0
);

-- For a clean-up of long-expired bindings.
CREATE INDEX tze_binding_expires_at ON tze_binding (expires_at);
