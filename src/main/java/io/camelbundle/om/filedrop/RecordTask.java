package io.camelbundle.om.filedrop;

import io.camelbundle.om.NormalizedEvent;

/**
 * One record of a dropped file on its way through the split: what was read, and once normalised, the
 * event. Travels as an exchange property so failure handling still has the record after the body became
 * the {@code msg}.
 */
public final class RecordTask {

    private final OmFileJob job;
    private final ReadResult read;
    private volatile NormalizedEvent event;

    RecordTask(OmFileJob job, ReadResult read) {
        this.job = job;
        this.read = read;
    }

    public OmFileJob job() {
        return job;
    }

    public ReadResult read() {
        return read;
    }

    public NormalizedEvent event() {
        return event;
    }

    void event(NormalizedEvent event) {
        this.event = event;
    }

    /** Idempotency key: the file's content hash and the record's position in it. */
    public String key() {
        return job.keyPrefix() + read.position();
    }
}
