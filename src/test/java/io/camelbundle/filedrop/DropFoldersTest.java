package io.camelbundle.filedrop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A file drop's folders must not feed its output back into its inbox. */
class DropFoldersTest {

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
}
