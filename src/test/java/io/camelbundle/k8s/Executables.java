package io.camelbundle.k8s;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** The command-line tools the manifest tests run (kubectl, promtool): named by an env var, else on the PATH. */
final class Executables {

    private Executables() {
    }

    /** The path of {@code name}: {@code envVar} if set, else the first executable on the PATH; else fails with {@code howToGetIt}. */
    static String find(String name, String envVar, String howToGetIt) {
        String configured = System.getenv(envVar);
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return fail(name + " not found on the PATH (and " + envVar + " not set): " + howToGetIt);
    }
}
