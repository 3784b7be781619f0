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
    private volatile String parkedKey;

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

    /** The event to send, and the key of the record it was parked from ({@link ParkedRecord}), or null. */
    void event(NormalizedEvent event, String parkedKey) {
        this.event = event;
        this.parkedKey = parkedKey;
    }

    /**
     * Idempotency key: the file's content hash and the record's position in it; for a parked record sent
     * again, the key it was parked with, so it is the same record whichever way it comes back.
     */
    public String key() {
        String parked = parkedKey;
        return parked != null ? parked : job.keyPrefix() + read.position();
    }
}
