package io.camelbundle.om;

import java.util.List;

/** An event that fails validation: never sent. The message lists every problem, each naming its field. */
public class OmEventRejectedException extends IllegalArgumentException {

    private final List<String> reasons;

    public OmEventRejectedException(List<String> reasons) {
        super("OM event rejected: " + String.join("; ", reasons));
        this.reasons = List.copyOf(reasons);
    }

    public List<String> reasons() {
        return reasons;
    }
}
