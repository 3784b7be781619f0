package io.camelbundle.filedrop;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import io.camelbundle.support.Sha256;

/**
 * A dropped file opened once: the SHA-256 of its content (the first part of its records' idempotency keys), its
 * size, and a stream of the same content from the start, which the caller owns and closes. Hashed and read
 * through one open file, both are of the same file even when another is renamed onto its name meanwhile;
 * opened by name twice, the keys could be of one file and the records of the other. Never through a link: the
 * inbox gate refused links when it looked, and one put in the file's place since is refused here.
 */
public record OpenedDrop(String sha256, long size, InputStream content) {

    public static OpenedDrop open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        try {
            InputStream content = Channels.newInputStream(channel);
            String sha256 = Sha256.of(content);
            long size = channel.position();
            channel.position(0);
            return new OpenedDrop(sha256, size, content);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }
}
