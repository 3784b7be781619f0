package io.camelbundle.support;

import static io.restassured.RestAssured.given;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One sample of the bundle's Prometheus page on the management port, as a scraper reads it. */
public final class PrometheusScrape {

    private PrometheusScrape() {
    }

    /** The value of {@code name{labels}} (e.g. {@code outcome="sent"}), 0 when the series is not there yet. */
    public static double value(String name, String labels) {
        String page = given().when().get(Management.url("/q/metrics")).then().statusCode(200).extract().asString();
        Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(name + "{" + labels + "}") + " (\\S+)$").matcher(page);
        return sample.find() ? Double.parseDouble(sample.group(1)) : 0;
    }
}
