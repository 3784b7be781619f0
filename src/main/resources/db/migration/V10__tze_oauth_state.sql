-- OAuth states of the TZE login (RFC 6749 section 10.12). POST /tze/oauth/links issues one for one person;
-- it travels through TZE's login inside the redirect_uri and GET /tze/oauth/callback consumes it once. A
-- callback binds a person only with a state issued for that person, so nobody can bind somebody else by
-- typing a callback URL. Only the SHA-256 of the state is stored: a reader of the database cannot finish a
-- login in progress. In the database (not in memory) so any replica can finish a flow another one started.
-- Times are epoch milliseconds. Only portable SQL: this script runs on H2 and PostgreSQL.
CREATE TABLE tze_oauth_state (
    state_hash  VARCHAR(64)  NOT NULL PRIMARY KEY,
    person_id   VARCHAR(200) NOT NULL,
    expires_at  BIGINT       NOT NULL,
    created_at  BIGINT       NOT NULL
);

-- Expired states are deleted whenever a new one is issued.
CREATE INDEX tze_oauth_state_expires_at ON tze_oauth_state (expires_at);
