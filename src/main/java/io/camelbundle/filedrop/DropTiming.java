package io.camelbundle.filedrop;

import io.smallrye.config.WithDefault;

/** When a file drop (OM, TZE) takes a file: the part of {@code om.file-drop.*} and {@code tze.file-drop.*} they share. */
public interface DropTiming {

    /** The inbox is listed this often (the file consumer's delay). */
    @WithDefault("500")
    long pollIntervalMs();

    /** A file is taken once unchanged for this long (the file consumer's readLockMinAge). */
    @WithDefault("5000")
    long stableAgeMs();

    /** A file whose last line has no line break waits until unchanged for this long instead. */
    @WithDefault("60000")
    long unterminatedAgeMs();
}
