package io.camelbundle.filedrop;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.camelbundle.tze.TzeFileRun;

/**
 * A dropped file is opened without following links: the inbox gate refuses a link when it looks, and one put
 * in the file's place between that look and the read (a writer of the inbox pointing at a mounted secret) is
 * refused when the file is opened, not read into reports.
 */
class NoLinkFollowedTest {

    @TempDir
    Path dir;

    @Test
    void aLinkInTheFilesPlaceIsNeitherHashedNorRead() throws IOException {
        Path secret = Files.writeString(dir.resolve("token"), "{\"personIds\":[\"mounted-secret\"]}\n");
        Path reports = Files.createDirectories(dir.resolve("reports"));
        Path link = Files.createSymbolicLink(dir.resolve("swapped.jsonl"), secret);
        assertThatThrownBy(() -> OpenedDrop.open(link)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> TzeFileRun.open(link, reports, 1024)).isInstanceOf(IOException.class);
    }
}
