package io.camelbundle.http;

import java.util.List;
import java.util.Map;

import io.camelbundle.support.Trimmed;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;

/**
 * The {@code bundle.http.*} configuration of {@link IngressPolicy}; every key is documented in
 * config/application.properties.
 */
@ConfigMapping(prefix = "bundle.http")
public interface IngressConfig {

    /** Bytes of request bodies of the listed endpoints held in memory at once, over all requests. */
    @WithDefault("16M")
    MemorySize maxBufferedBodies();

    /** The endpoints the policy covers, by a name of the operator's choice. */
    Map<String, Endpoint> endpoints();

    enum Policy {
        API_KEY, PERMIT
    }

    interface Endpoint {

        /** Exact paths, or prefixes ending in {@code *}. */
        @WithConverter(Trimmed.class)
        List<String> paths();

        /** {@code api-key}: a caller needs one of {@code tokens.api-keys}; {@code permit}: anyone may call. */
        @WithDefault("api-key")
        Policy policy();

        /** Largest request body accepted; larger ones get 413 before or while they are read. */
        @WithDefault("16K")
        MemorySize maxBodySize();
    }
}
