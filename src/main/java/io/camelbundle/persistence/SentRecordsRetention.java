package io.camelbundle.persistence;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How long the file drops remember what was sent (bundle.sent-records.retention): the cutoff of
 * routes/sent-records-retention.camel.yaml, which deletes older keys from both repositories.
 */
@ApplicationScoped
@Named("sentRecordsRetention")
public class SentRecordsRetention {

    private final Duration retention;
    private final Clock clock;

    @Inject
    SentRecordsRetention(@ConfigProperty(name = "bundle.sent-records.retention") Duration retention, Clock clock) {
        this.retention = retention;
        this.clock = clock;
    }

    /** Keys added before this instant are forgotten. */
    public Instant cutoff() {
        return clock.instant().minus(retention);
    }
}
