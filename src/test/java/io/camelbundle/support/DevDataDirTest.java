package io.camelbundle.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/** Dev mode and a prod run from the same directory never share a data folder (and so a token). */
class DevDataDirTest {

    @Test
    void devModeKeepsItsDataApartFromTheProdDataFolder() throws Exception {
        Properties config = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("config/application.properties"))) {
            config.load(reader);
        }
        String prod = config.getProperty("bundle.data-dir");
        String dev = config.getProperty("%dev.bundle.data-dir");
        assertThat(prod).isEqualTo("./data");
        assertThat(dev).as("%dev.bundle.data-dir").isNotBlank().isNotEqualTo(prod);
        assertThat(Path.of(dev).normalize().startsWith(Path.of(prod).normalize())).as("not inside ./data").isFalse();
        assertThat(config.getProperty("%prod.bundle.data-dir")).as("prod keeps the documented ./data").isNull();
    }
}
