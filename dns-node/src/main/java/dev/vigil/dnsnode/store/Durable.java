package dev.vigil.dnsnode.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Small helpers for writes that must survive a crash. */
final class Durable {

    private static final Logger log = LoggerFactory.getLogger(Durable.class);

    private Durable() {}

    /** Writes {@code bytes} to {@code path} (replacing it) and fsyncs it. */
    static void write(Path path, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(ch, ByteBuffer.wrap(bytes));
            ch.force(true);
        }
    }

    static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    /** Makes a rename or a new file durable; not every platform lets a directory be opened, which is harmless. */
    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            log.debug("event=state.dirsync-skipped dir={} error=\"{}\"", dir, e.getMessage());
        }
    }
}
