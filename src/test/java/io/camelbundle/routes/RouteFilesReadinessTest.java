package io.camelbundle.routes;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

import io.camelbundle.support.Management;
import io.camelbundle.support.RouteFileStartUp;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What a failed dev-mode reload leaves behind (the file's routes removed, the new version not loaded) turns
 * readiness DOWN naming the file; loading the file again turns it UP.
 */
@QuarkusTest
class RouteFilesReadinessTest {

    private static final Path FILE = Path.of("routes/tze-queue.camel.yaml");

    @Inject
    CamelContext context;

    @Test
    void aRouteFileWhoseRoutesAreGoneMakesReadinessDownNamingTheFile() throws Exception {
        given().when().get(Management.url("/q/health/ready")).then().body(containsString("route-files"))
                .body(not(containsString(FILE.toString())));
        // the queue route is loaded but stopped in the test profile, so removing it disturbs no other test
        RouteFileStartUp.remove(context, List.of("tze-queue"), List.of());
        try {
            given().when().get(Management.url("/q/health/ready")).then().statusCode(503)
                    .body(containsString(FILE + "\": \"routes [tze-queue] are not running"));
        } finally {
            RouteFileStartUp.load(context, FILE, Map.of());
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().when()
                .get(Management.url("/q/health/ready")).then().body(not(containsString(FILE.toString()))));
    }
}
