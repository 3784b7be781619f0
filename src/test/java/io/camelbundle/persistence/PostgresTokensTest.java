package io.camelbundle.persistence;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.camelbundle.support.Management;
import io.camelbundle.token.TokenControl;
import io.camelbundle.token.TokenTestState;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** db.kind=postgresql: Flyway migrates PostgreSQL and tokens live there, visible to any other instance. */
@QuarkusTest
@TestProfile(OmOnlyPostgresProfile.class)
class PostgresTokensTest {

    @Inject
    javax.sql.DataSource dataSource;

    @Inject
    TokenControl control;

    @Test
    void theActiveDatasourceIsPostgresql() throws Exception {
        assertThat(dataSource).isInstanceOf(AgroalDataSource.class);
        try (Connection c = dataSource.getConnection()) {
            assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
        }
        given().when().get(Management.url("/q/health/ready")).then().statusCode(200)
                .body("checks.find { it.name == 'Database connections health check' }.data.postgresql", equalTo("UP"));
    }

    @Test
    void servedTokenIsTheOneStoredInPostgresql() throws Exception {
        TokenTestState.awaitValidToken(control);
        String served = given().header("Authorization", "Bearer test-api-key-5b2c").when().get("/tokens/om")
                .then().statusCode(200).extract().jsonPath().getString("access_token");
        // read with a separate plain connection, as another instance would
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT access_token, expires_at FROM bundle_test.token_state"
                        + " WHERE credential = 'om'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(served);
            assertThat(rs.getLong(2)).isGreaterThan(System.currentTimeMillis());
        }
    }
}
