package io.camelbundle.om;

import java.util.List;

import io.camelbundle.support.Secrets;

/** An event that fails validation: never sent. The message lists every problem, each naming its field. */
public class OmEventRejectedException extends IllegalArgumentException {

    private final List<String> reasons;

    public OmEventRejectedException(List<String> reasons) {
        super(Secrets.mask("OM event rejected: " + String.join("; ", reasons)));
        this.reasons = List.copyOf(reasons);
    }

    public List<String> reasons() {
        return reasons;
    }
}
