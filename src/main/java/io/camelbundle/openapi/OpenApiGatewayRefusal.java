package io.camelbundle.openapi;

/**
 * A gateway request refused before anything is sent to OpenAPI: its HTTP status, error code and reason
 * (and the missing parameter's name, if that is why). The reason never quotes a parameter's value.
 */
public class OpenApiGatewayRefusal extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String error;
    private final String parameter;

    public OpenApiGatewayRefusal(int status, String error, String reason, String parameter) {
        super(reason, null, false, false);
        this.status = status;
        this.error = error;
        this.parameter = parameter;
    }

    public OpenApiGatewayRefusal(int status, String error, String reason) {
        this(status, error, reason, null);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    /** The missing parameter, or null. */
    public String parameter() {
        return parameter;
    }
}
