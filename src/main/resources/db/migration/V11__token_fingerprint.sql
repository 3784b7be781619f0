-- The endpoint and client a stored token was issued for (a SHA-256, see TokenSource.fingerprint()): an
-- instance configured for another endpoint or client treats the token as absent. Rows stored before this
-- column existed have none and are fetched again once.
ALTER TABLE token_state ADD COLUMN fingerprint VARCHAR(64);
-- last_error now holds a reason code (unreachable, http_500, bad_answer, refused:<code>...); older rows may
-- hold vendor text, which the public readiness check must not show.
UPDATE token_state SET last_error = NULL;
