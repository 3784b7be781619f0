package io.camelbundle.filedrop;

import org.apache.camel.CamelContext;
import org.apache.camel.DelegateEndpoint;
import org.apache.camel.Endpoint;
import org.apache.camel.component.file.FileEndpoint;

/** The file endpoint a file drop route consumes, behind its master: endpoint. */
public final class FileEndpoints {

    private FileEndpoints() {
    }

    /** The file endpoint the singleton route {@code routeId} consumes once this replica leads its group. */
    public static FileEndpoint consumedBy(CamelContext camel, String routeId) {
        Endpoint endpoint = camel.getRoute(routeId).getEndpoint();
        while (endpoint instanceof DelegateEndpoint delegating) {
            endpoint = delegating.getEndpoint();
        }
        return (FileEndpoint) endpoint;
    }
}
