package io.camelbundle.om;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.camelbundle.token.TokenUnavailableException;

/** The omReason of a dead letter starts with the prefix docs/om.md documents for its cause. */
class OmQueueReasonTest {

    @Test
    void anInvalidEventIsRejectedWithEveryReason() {
        assertThat(OmQueue.reason(new OmEventRejectedException(List.of("source: out of range", "IP: missing"))))
                .isEqualTo("rejected: source: out of range; IP: missing");
    }

    @Test
    void omsPermanentAnswerIsRefusedByOm() {
        assertThat(OmQueue.reason(OmDeliveryException.rejectedByOm("40035", "bad msg")))
                .startsWith("refused by OM: ").contains("40035").contains("bad msg");
    }

    @Test
    void aTransientFailureOutlastingTheRetriesFailedAfterRetries() {
        assertThat(OmQueue.reason(OmDeliveryException.transientFailure("OM answered HTTP 503")))
                .isEqualTo("failed after retries: OM answered HTTP 503");
    }

    @Test
    void noTokenSaysSoWithTheTokenControlsReason() {
        assertThat(OmQueue.reason(new TokenUnavailableException("om", "refresh failed: unreachable")))
                .isEqualTo("no token: refresh failed: unreachable");
    }
}
