package io.camelbundle.filedrop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.camelbundle.support.Sha256;

/** A dropped file is hashed and read through one open file: both are of the file opened (links: NoLinkFollowedTest). */
class OpenedDropTest {

    @TempDir
    Path dir;

    @Test
    void hashSizeAndContentAreOfTheFileOpenedEvenWhenAnotherIsRenamedOntoItsName() throws IOException {
        String first = "IP,doc_id\n10.0.0.1,DOC1\n";
        Path file = Files.writeString(dir.resolve("events.csv"), first);

        OpenedDrop opened = OpenedDrop.open(file);
        Path other = Files.writeString(dir.resolve("other.tmp"), "IP,doc_id\n10.0.0.2,DOC2\n10.0.0.3,DOC3\n");
        Files.move(other, file, StandardCopyOption.ATOMIC_MOVE);

        try (InputStream content = opened.content()) {
            assertThat(new String(content.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(first);
        }
        assertThat(opened.sha256()).isEqualTo(Sha256.of(first));
        assertThat(opened.size()).isEqualTo(first.length());
    }

    @Test
    void anEmptyFileHasTheEmptyHashAndNoContent() throws IOException {
        OpenedDrop opened = OpenedDrop.open(Files.createFile(dir.resolve("empty.jsonl")));
        try (InputStream content = opened.content()) {
            assertThat(content.read()).isEqualTo(-1);
        }
        assertThat(opened.sha256()).isEqualTo(Sha256.of(""));
        assertThat(opened.size()).isZero();
    }
}
