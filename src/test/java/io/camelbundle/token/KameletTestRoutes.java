package io.camelbundle.token;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.camel.builder.RouteBuilder;

/** Test-only routes that use the access-token-action Kamelet the way a YAML route would. */
@ApplicationScoped
public class KameletTestRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("direct:kamelet-token-default").to("kamelet:access-token-action");
        from("direct:kamelet-token-custom").to("kamelet:access-token-action?credential=om&header=X-Om-Token");
        from("direct:kamelet-token-unknown").to("kamelet:access-token-action?credential=nope");
    }
}
