package io.camelbundle.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Vendor stand-in for the benchmarks, so that they measure the bundle and not the stand-in: answers the OM
 * token request (bench/tokens-api.sh, bench/om-throughput.sh) and {@code data/receiveclient} with success
 * after a fixed latency (bench/om-throughput.sh),
 * and every OpenAPI {@code /v3/...} call with a fixed get_info answer without checking the sig
 * (bench/openapi-gateway.sh). Not a test. Usage: port latencyMillis.
 */
public final class FakeVendorServer {

    private static final byte[] TOKEN = "{\"code\":\"0\",\"data\":{\"access_token\":\"bench-token\",\"expires_in\":7200}}"
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] OK = "{\"code\":0,\"msg\":\"SUCCESS\",\"data\":{}}".getBytes(StandardCharsets.UTF_8);

    private static final byte[] GET_INFO = ("{\"ret\":0,\"msg\":\"\",\"is_lost\":0,\"nickname\":\"bench-user\","
            + "\"gender\":\"\u7537\",\"figureurl\":\"http://example.invalid/f.png\"}").getBytes(StandardCharsets.UTF_8);

    private FakeVendorServer() {
    }

    public static void main(String[] args) throws IOException {
        // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's delayed ACK:
        // ~40 ms per request, which would measure the fake, not the clients.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        int port = Integer.parseInt(args[0]);
        long latency = Long.parseLong(args[1]);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.setExecutor(Executors.newFixedThreadPool(200));
        server.createContext("/omoauth2/accesstoken", FakeVendorServer::token);
        server.createContext("/data/receiveclient", exchange -> answer(exchange, OK, latency));
        server.createContext("/v3/", exchange -> answer(exchange, GET_INFO, latency));
        server.start();
        System.out.println("fake vendor APIs listening on " + port + " with " + latency + " ms latency");
    }

    /** Seed 000's token request only: POST with grant_type=clientcredentials in the query, else 404/405. */
    private static void token(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        if (!"POST".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(405, -1);
            exchange.close();
        } else if (query == null || !query.startsWith("grant_type=clientcredentials")) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        } else {
            answer(exchange, TOKEN, 0);
        }
    }

    private static void answer(HttpExchange exchange, byte[] body, long latency) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
        }
        if (latency > 0) {
            try {
                Thread.sleep(latency);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
