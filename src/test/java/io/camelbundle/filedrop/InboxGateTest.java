package io.camelbundle.filedrop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.camelbundle.om.filedrop.EventFileReader;
import io.camelbundle.token.MutableClock;

/** The inbox filter: only regular files, and a last line without its line break waits. */
class InboxGateTest {

    private static final Instant NOW = Instant.parse("2026-12-03T09:00:00Z");

    @TempDir
    Path data;

    private Path inbox;
    private Path failed;
    private final MutableClock clock = new MutableClock(NOW.toEpochMilli());
    private final List<String> reports = new ArrayList<>();
    private InboxGate gate;

    @BeforeEach
    void gate() throws Exception {
        inbox = Files.createDirectories(data.resolve("inbox"));
        failed = data.resolve("failed");
        gate = new InboxGate("test", name -> EventFileReader.formatOf(name).isPresent(), failed, 60_000, clock,
                (name, reason) -> reports.add(name + " | " + reason));
    }

    private Path write(String name, String content) throws Exception {
        Path file = Files.writeString(inbox.resolve(name), content);
        Files.setLastModifiedTime(file, FileTime.from(NOW));
        return file;
    }

    @Test
    void aSymbolicLinkIsRefusedMovedToFailedAndReportedWithoutTouchingItsTarget() throws Exception {
        Path target = Files.writeString(data.resolve("other.jsonl"), "{\"doc_id\":\"secret\"}\n");
        Path link = Files.createSymbolicLink(inbox.resolve("x.jsonl"), target);

        assertThat(gate.accept(link)).isFalse();

        assertThat(link).doesNotExist();
        assertThat(Files.isSymbolicLink(failed.resolve("x.jsonl"))).isTrue();
        assertThat(target).hasContent("{\"doc_id\":\"secret\"}");
        assertThat(reports).singleElement().asString().startsWith("x.jsonl | ").contains("symbolic link")
                .doesNotContain("secret");
    }

    @Test
    void aLinkToAMissingFileAndASecondLinkOfTheSameNameAreRefusedToo() throws Exception {
        Files.createDirectories(failed);
        Files.writeString(failed.resolve("y.jsonl"), "earlier");
        Path dangling = Files.createSymbolicLink(inbox.resolve("y.jsonl"), data.resolve("nowhere"));

        assertThat(gate.accept(dangling)).isFalse();

        assertThat(failed.resolve("y.jsonl")).hasContent("earlier");
        assertThat(Files.isSymbolicLink(failed.resolve("y.1.jsonl"))).isTrue();
        assertThat(Files.exists(dangling, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(reports).hasSize(1);
    }

    @Test
    void aLastLineWithoutLineBreakWaitsForTheUnterminatedAge() throws Exception {
        Path half = write("half.jsonl", "{\"a\":1}\n{\"a\":");
        Path whole = write("whole.jsonl", "{\"a\":1}\n{\"a\":2}\n");
        Path gz = write("packed.jsonl.gz", "binary");

        assertThat(gate.accept(half)).isFalse();
        assertThat(gate.accept(whole)).isTrue();
        assertThat(gate.accept(gz)).as("compressed: the last byte says nothing").isTrue();

        clock.advance(java.time.Duration.ofSeconds(59));
        assertThat(gate.accept(half)).isFalse();
        clock.advance(java.time.Duration.ofSeconds(1));
        assertThat(gate.accept(half)).isTrue();
        assertThat(reports).isEmpty();
        assertThat(half).exists();
    }

    @Test
    void aNameWithALineBreakIsAcceptedAndOtherNamesAreLeftAlone() throws Exception {
        Path odd = write("odd\nname.jsonl", "{\"a\":1}\n");
        Path text = write("notes.txt", "hello\n");

        assertThat(gate.accept(odd)).isTrue();
        assertThat(gate.accept(text)).isFalse();
        assertThat(text).exists();
        assertThat(DropNames.printable("odd\nname.jsonl")).isEqualTo("odd\\nname.jsonl");
    }

    @Test
    void aNameThatIsNotUtf8IsNamedInTheLogOnceNotSkippedSilently() {
        // Java lists the bytes of a GBK name as U+FFFD, a name that then leads nowhere
        Path listed = inbox.resolve("\uFFFD\uFFFD.csv");
        List<String> logged = io.camelbundle.support.CapturedLogs.of(InboxGate.class, () -> {
            assertThat(gate.accept(listed)).isFalse();
            assertThat(gate.accept(listed)).isFalse();
        });
        assertThat(logged).singleElement().asString().contains("\uFFFD\uFFFD.csv cannot be read or moved: its name is"
                + " not valid UTF-8");
        assertThat(io.camelbundle.support.CapturedLogs.of(InboxGate.class,
                () -> assertThat(gate.accept(inbox.resolve("gone.csv"))).isFalse())).as("a file gone since").isEmpty();
    }
}
