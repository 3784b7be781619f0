package io.camelbundle.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The packaged jar ({@code target/quarkus-app/quarkus-run.jar}, prod profile) as a process of its own, for the
 * crash-and-restart ITs: the bundle's variables of this machine's environment are dropped, the secrets and
 * vendor URLs the prod profile requires point at one fake vendor server, the log goes to a file.
 */
final class PackagedBundle {

    private PackagedBundle() {
    }

    /**
     * A free port for a jar that must keep its port across a restart (its OAuth redirect URL names it), taken
     * below the kernel's ephemeral range: a port from that range (what {@code new ServerSocket(0)} gives) can
     * become the source port of any outgoing connection, of this or another IT, before the jar binds it.
     */
    static int fixedPort() throws IOException {
        int ephemeralLow = 32768;
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        if (Files.isReadable(range)) {
            ephemeralLow = Integer.parseInt(Files.readString(range).trim().split("\\s+")[0]);
        }
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, Math.max(20_001, ephemeralLow));
            try (ServerSocket socket = new ServerSocket(port)) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free port between 20000 and " + ephemeralLow);
    }

    /**
     * Starts the jar with {@code -Dbundle.data-dir=<data>}, the given system properties ({@code name=value}) and
     * environment (added to the required one), logging to {@code <data>/<logName>}.
     */
    static Process start(Path data, String logName, String vendorUrl, Map<String, String> env, String... properties)
            throws IOException {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        // C1 only: these ITs test crash safety, not speed, and run beside other ITs on two cores
                        "-XX:TieredStopAtLevel=1",
                        "-Dbundle.data-dir=" + data, "-Dquarkus.management.port=0")); // several may run at once
        for (String property : properties) {
            command.add("-D" + property);
        }
        command.addAll(List.of("-jar", "target/quarkus-app/quarkus-run.jar"));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet()
                .removeIf(k -> k.startsWith("OM_") || k.startsWith("TOKENS_") || k.startsWith("OPENAPI_")
                        || k.startsWith("TZE_"));
        Map<String, String> all = new HashMap<>(Map.of("OM_AUTH_URL", vendorUrl, "OM_API_URL", vendorUrl,
                "OM_CLIENT_ID", "it", "OM_CLIENT_SECRET", "it-secret", "TOKENS_API_KEYS", "it-key",
                "OPENAPI_APPID", "1", "OPENAPI_APPKEY", "it-appkey"));
        all.putAll(env);
        pb.environment().putAll(all);
        pb.redirectErrorStream(true).redirectOutput(data.resolve(logName).toFile());
        return pb.start();
    }
}
