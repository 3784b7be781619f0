package io.camelbundle.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The baseline of bench/om-throughput.sh: a plain JDK HttpClient sending the same pre-encoded form
 * requests (access_token + msg of a normalised event) at the same concurrency to the same server.
 * Prints events per second. Usage: baseUrl concurrency records.
 */
public final class PlainClientBaseline {

    private PlainClientBaseline() {
    }

    /** One OM data return request as the bundle sends it (form access_token + msg); the HTTP status. */
    static int send(HttpClient http, URI uri, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0] + "/data/receiveclient");
        int concurrency = Integer.parseInt(args[1]);
        int records = Integer.parseInt(args[2]);
        String msg = "{\"ts\":1510662363,\"IP\":\"10.0.0.1\",\"imei\":\"86641710\",\"imsi\":null,\"idfa\":null,\"idfv\":null,"
                + "\"model\":null,\"mac\":null,\"android_id\":null,\"app_version\":null,\"terminal\":null,\"sub_terminal\":null,"
                + "\"network\":null,\"wifi_ssid\":null,\"wifi_mac\":null,\"platform\":\"QQ\",\"uin\":null,\"doc_id\":\"DOC\","
                + "\"video_time\":0,\"sub_ch\":\"快报推荐流\",\"source\":2,\"user_action\":2,\"play_action\":0,\"time_long\":100,"
                + "\"complete\":0,\"data_source\":\"bench\"}";
        String form = "access_token=bench-token&msg=" + URLEncoder.encode(msg, StandardCharsets.UTF_8);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            Thread thread = new Thread(() -> {
                while (next.getAndIncrement() < records) {
                    try {
                        if (send(http, uri, form) != 200) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        if (errors.incrementAndGet() == 1) {
                            System.err.println("first error: " + e);
                        }
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%.0f%n", records / seconds);
        if (errors.get() > 0) {
            System.err.println(errors.get() + " errors");
        }
    }
}
