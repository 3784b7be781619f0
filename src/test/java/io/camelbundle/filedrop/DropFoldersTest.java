package io.camelbundle.filedrop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file drop's folders must not feed its output back into its inbox, and the move at the end takes the file
 * that was read, not another one renamed onto its name meanwhile.
 */
class DropFoldersTest {

    @TempDir
    Path dir;

    @Test
    void foldersBesideTheInboxAreAccepted() {
        DropFolders folders = DropFolders.checked("om", "/d/inbox/om-events", "/d/done/om-events",
                "/d/failed/om-events", "/d/reports/om-events");
        assertThat(folders.done()).hasToString("/d/done/om-events");
        assertThat(folders.reports()).hasToString("/d/reports/om-events");
    }

    @Test
    void aFolderInsideTheInboxIsRefusedNamingBothKeys() {
        assertThatThrownBy(() -> DropFolders.checked("om", "/d/inbox", "/d/inbox/done", "/d/failed", "/d/reports"))
                .hasMessage("om.done (/d/inbox/done) lies inside om.inbox (/d/inbox), which is read with its"
                        + " subfolders: put it beside the inbox");
        assertThatThrownBy(() -> DropFolders.checked("tze", "/d/in", "/d/done", "/d/failed", "/d/in/./r"))
                .hasMessageStartingWith("tze.reports (/d/in/r) lies inside tze.inbox (/d/in)");
    }

    @Test
    void twoKeysNamingTheSameFolderAreRefused() {
        assertThatThrownBy(() -> DropFolders.checked("om", "/d/in", "/d/out", "/d/out/", "/d/reports"))
                .hasMessage("om.done and om.failed are the same folder (/d/out): each needs its own");
        assertThatThrownBy(() -> DropFolders.checked("tze", "/d/in", "/d/done", "/d/failed", "/d/x/../in"))
                .hasMessageStartingWith("tze.inbox and tze.reports are the same folder");
    }

    @Test
    void aSiblingWhoseNameStartsLikeTheInboxIsNotInsideIt() {
        assertThat(DropFolders.checked("om", "/d/in", "/d/in-done", "/d/in-failed", "/d/in-reports").done())
                .hasToString("/d/in-done");
    }

    private DropFolders folders() {
        return new DropFolders(dir.resolve("done").toString(), dir.resolve("failed").toString(),
                dir.resolve("reports").toString());
    }

    /** The exchange of Camel's file consumer for {@code file}: the file it listed, and its name. */
    private static Exchange taking(Path file) {
        GenericFile<File> listed = new GenericFile<>();
        listed.setFile(file.toFile());
        listed.setAbsoluteFilePath(file.toAbsolutePath().toString());
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(Exchange.FILE_EXCHANGE_FILE, listed);
        exchange.getMessage().setHeader(Exchange.FILE_NAME_ONLY, file.getFileName().toString());
        exchange.getMessage().setBody(file.toFile());
        return exchange;
    }

    private void renameOnto(Path target, String content) throws IOException {
        Path staging = Files.writeString(dir.resolve("staging.tmp"), content);
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    }

    private Path inboxFile(String name, String content) throws IOException {
        return Files.writeString(Files.createDirectories(dir.resolve("inbox")).resolve(name), content);
    }

    @Test
    void theFileTakenIsMovedToDoneOrFailedUnderAFreeName() throws IOException {
        Path file = inboxFile("events.csv", "a\n");
        Files.createDirectories(dir.resolve("done"));
        Files.writeString(dir.resolve("done/events.csv"), "earlier\n");
        DropFolders folders = folders();
        Exchange exchange = taking(file);
        folders.taken(exchange);
        // the file itself changing (a writer still appending, against the rules) does not make it another file
        Files.writeString(file, "b\n", StandardOpenOption.APPEND);

        assertThat(folders.doneTarget(exchange)).isEqualTo(dir.resolve("done/events.1.csv").toString());
        assertThat(folders.failedTarget(exchange)).isEqualTo(dir.resolve("failed/events.csv").toString());
    }

    @Test
    void aFileRenamedOntoTheNameWhileTheFirstWasProcessedStaysInTheInboxUnderAFreeName() throws IOException {
        Path file = inboxFile("events.csv", "first\n");
        Path inbox = file.getParent();
        inboxFile("events.1.csv", "another, not yet taken\n");
        DropFolders folders = folders();
        Exchange exchange = taking(file);
        folders.taken(exchange);

        renameOnto(file, "second\n");

        // moved to done or failed, the second file would never be read: it goes to a free name in the inbox
        assertThat(folders.doneTarget(exchange)).isEqualTo(inbox.resolve("events.2.csv").toString());
        assertThat(folders.failedTarget(exchange)).isEqualTo(inbox.resolve("events.2.csv").toString());
    }

    @Test
    void withoutTheFileTakenTheMoveGoesByName() throws IOException {
        Path file = inboxFile("events.csv", "first\n");
        Exchange exchange = taking(file);
        // taken() not called (or a file system without file keys)
        renameOnto(file, "second\n");

        assertThat(folders().doneTarget(exchange)).isEqualTo(dir.resolve("done/events.csv").toString());
    }
}
