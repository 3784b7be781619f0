package io.camelbundle.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class QViaRejectionsTest {

    @Test
    void rejectionsAreCountedPerReason() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        QViaResolver resolver = new QViaResolver(new TrustedProxies(List.of("10.0.0.0/8")),
                new QViaRejections(registry));
        String valid = "705a8b1ebd6e4d32aa5c6bb83ec2ceaad3d3608c";

        resolver.userIp("10.0.0.1", valid, null);
        resolver.userIp("10.0.0.1", "01020304" + valid.substring(8), null);
        resolver.userIp("10.0.0.1", "01020304" + valid.substring(8), null);
        resolver.userIp("10.0.0.1", "nonsense", null);
        resolver.userIp("192.0.2.1", valid, null);

        assertThat(count(registry, "forged")).isEqualTo(2.0);
        assertThat(count(registry, "malformed")).isEqualTo(1.0);
        assertThat(count(registry, "untrusted_peer")).isEqualTo(1.0);
    }

    private static double count(SimpleMeterRegistry registry, String reason) {
        return registry.get(QViaRejections.METER).tag("reason", reason).counter().count();
    }
}
