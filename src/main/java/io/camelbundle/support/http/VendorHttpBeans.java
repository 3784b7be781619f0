package io.camelbundle.support.http;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import org.apache.camel.quarkus.main.events.BeforeConfigure;
import org.eclipse.microprofile.config.ConfigProvider;

import io.camelbundle.om.OmConfig;
import io.camelbundle.openapi.OpenApiConfig;
import io.camelbundle.token.TokenConfig;
import io.camelbundle.tze.TzeConfig;

/**
 * The {@link CallLimits} of each vendor, named for the routes' Camel HTTP endpoints
 * ({@code httpClientConfigurer=#omHttp}, {@code #openapiHttp}, {@code #tzeHttp}, and {@code #tokenHttp} for
 * the token routes of declared credentials), and the {@code millis:}
 * property function their timeout options use.
 */
public class VendorHttpBeans {

    /** Registered before Camel loads the route files, which use it in endpoint URIs. */
    void registerMillisFunction(@Observes BeforeConfigure event) {
        event.getMain().getCamelContext().getPropertiesComponent()
                .addPropertiesFunction(new MillisFunction(ConfigProvider.getConfig()));
    }

    @Produces
    @Singleton
    @Named("omHttp")
    CallLimits omHttp(OmConfig config) {
        return new CallLimits("om", config.maxAnswerBytes());
    }

    @Produces
    @Singleton
    @Named("openapiHttp")
    CallLimits openapiHttp(OpenApiConfig config) {
        return new CallLimits("openapi", config.maxAnswerBytes());
    }

    /** For the token routes of credentials declared in configuration (tokens.credentials.*). */
    @Produces
    @Singleton
    @Named("tokenHttp")
    CallLimits tokenHttp(TokenConfig config) {
        return new CallLimits("tokens", config.maxAnswerBytes()); // its errors name tokens.max-answer-bytes
    }

    /** What a vendor call sends and keeps of headers: {@code headerFilterStrategy=#vendorHeaders}. */
    @Produces
    @Singleton
    @Named("vendorHeaders")
    VendorHeaders vendorHeaders() {
        return new VendorHeaders();
    }

    @Produces
    @Singleton
    @Named("tzeHttp")
    CallLimits tzeHttp(TzeConfig config) {
        return new CallLimits("tze", config.maxAnswerBytes());
    }
}
