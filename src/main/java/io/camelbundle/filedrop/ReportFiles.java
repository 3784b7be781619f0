package io.camelbundle.filedrop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * A file drop's report ({@code <name>.report.json}) written whole or not at all: to a {@code .tmp} sibling, then
 * moved over the target atomically, so whoever watches the reports folder never reads half a report.
 */
public final class ReportFiles {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportFiles() {
    }

    /** Writes {@code body} as indented JSON to {@code target}, creating the folder when missing. */
    public static void writeJson(Path target, Object body) {
        try {
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), body);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report " + DropNames.printable(target.getFileName()
                    .toString()), e);
        }
    }
}
