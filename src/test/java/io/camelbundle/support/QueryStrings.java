package io.camelbundle.support;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Reads a query parameter of a URL the bundle built (login links, redirects), decoded. */
public final class QueryStrings {

    private QueryStrings() {
    }

    public static String parameter(String url, String name) {
        String query = URI.create(url).getRawQuery();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv[0].equals(name) && kv.length == 2) {
                return URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError(name + " missing from " + url);
    }
}
