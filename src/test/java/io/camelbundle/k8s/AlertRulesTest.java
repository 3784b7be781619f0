package io.camelbundle.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * k8s/prometheus/bundle-alerts.rules.yaml: Prometheus accepts it ({@code promtool check rules}), each alert
 * fires on the series it is meant for and not on a healthy bundle ({@code promtool test rules} with
 * bundle-alerts.test.yaml), and every series it queries is one the bundle exports.
 */
class AlertRulesTest {

    private static final Path DIR = Path.of("k8s/prometheus");
    private static final Path RULES = DIR.resolve("bundle-alerts.rules.yaml");
    private static final Pattern METRIC = Pattern.compile("\\b(?:bundle|jvm|container)_[a-z_]+\\b");

    @Test
    void prometheusAcceptsTheRules() throws Exception {
        assertThat(promtool("check", "rules", RULES.getFileName().toString())).contains("SUCCESS: 7 rules found");
    }

    @Test
    void eachAlertFiresOnItsSeriesAndNotOnAHealthyBundle() throws Exception {
        assertThat(promtool("test", "rules", "bundle-alerts.test.yaml")).contains("SUCCESS");
    }

    @Test
    void everySeriesQueriedIsOneTheBundleExports() throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> file = (Map<String, Object>) new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(RULES));
        List<String> alerts = new ArrayList<>();
        TreeSet<String> queried = new TreeSet<>();
        for (Object group : (List<?>) file.get("groups")) {
            for (Object rule : (List<?>) ((Map<?, ?>) group).get("rules")) {
                Map<?, ?> r = (Map<?, ?>) rule;
                alerts.add((String) r.get("alert"));
                assertThat(((Map<?, ?>) r.get("labels")).get("severity")).as(r.get("alert") + " severity")
                        .isIn("warning", "critical");
                assertThat(((Map<?, ?>) r.get("annotations")).keySet()).as(r.get("alert") + " annotations")
                        .map(Object::toString).contains("summary", "description");
                Matcher metric = METRIC.matcher((String) r.get("expr"));
                while (metric.find()) {
                    queried.add(metric.group());
                }
            }
        }
        assertThat(alerts).hasSize(7).doesNotHaveDuplicates()
                .allSatisfy(a -> assertThat(a).startsWith("TencentBundle"));
        assertThat(queried).isNotEmpty().allSatisfy(name -> assertThat(ManifestsTest.EXPORTED_METRICS)
                .as("series the rules query").contains(name));
    }

    /** promtool's output, run in k8s/prometheus (the test file names the rules relative to itself). */
    private static String promtool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(executable()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        assertThat(process.exitValue()).as("promtool " + String.join(" ", args) + ":\n" + out).isZero();
        return out;
    }

    private static String executable() {
        return Executables.find("promtool", "PROMTOOL", "AlertRulesTest checks and unit-tests"
                + " k8s/prometheus/bundle-alerts.rules.yaml with it. Install Prometheus' promtool (Debian: apt-get"
                + " install prometheus; .ci/run does) or set PROMTOOL=/path/to/promtool.");
    }
}
