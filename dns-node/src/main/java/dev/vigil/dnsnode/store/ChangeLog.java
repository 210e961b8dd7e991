package dev.vigil.dnsnode.store;

import dev.vigil.proto.feed.v1.AnswerUpdate;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The changes applied since the snapshot, in numbered segments {@code answers.log.N}. Each record is
 * {@code [length:int][crc32c:int][AnswerUpdate bytes]}. {@link #append} writes a record (write(2): it is in the
 * kernel's page cache when the call returns, so it survives the process being killed); {@link #sync} makes every
 * record written so far durable (fdatasync), one sync for all of them (group commit), without holding up appends.
 * A new process always starts a new segment, so a torn tail is never appended to.
 */
final class ChangeLog {

    static final String PREFIX = "answers.log.";
    /** Compact after this many records or bytes: replay at start stays short and the log small. */
    static final int MAX_RECORDS = 512;
    static final long MAX_BYTES = 16L << 20;

    private final Path dir;
    private FileChannel open; // guarded by this
    private long segment = -1; // guarded by this
    private int records; // guarded by this
    private long bytes; // guarded by this
    /** Records written so far; and segments closed by {@link #rotate} whose records are not synced yet. */
    private long written; // guarded by this
    private final List<FileChannel> retired = new ArrayList<>(); // guarded by this
    /** Serialises syncs, and is held across one, so {@link #append} never waits for the disk. */
    private final Object syncLock = new Object();
    private long synced; // guarded by syncLock

    private final int maxRecords;

    ChangeLog(Path dir, int maxRecords) {
        this.dir = dir;
        this.maxRecords = maxRecords;
    }

    synchronized void append(AnswerUpdate change) throws IOException {
        if (open == null) {
            if (segment < 0) {
                segment = lastSegment() + 1;
            }
            Files.createDirectories(dir);
            open = FileChannel.open(dir.resolve(PREFIX + segment), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            Durable.syncDirectory(dir);
        }
        byte[] body = change.toByteArray();
        CRC32C crc = new CRC32C();
        crc.update(body);
        ByteBuffer buf = ByteBuffer.allocate(8 + body.length).putInt(body.length).putInt((int) crc.getValue()).put(body);
        Durable.writeFully(open, buf.flip());
        records++;
        bytes += buf.capacity();
        written++;
    }

    /**
     * Makes every record appended before the call durable (fdatasync of the open segment and of any segment closed
     * since the last sync). Returns at once when they already are; concurrent callers share one sync.
     */
    void sync() throws IOException {
        synchronized (syncLock) {
            FileChannel current;
            List<FileChannel> closed;
            long upTo;
            synchronized (this) {
                current = open;
                closed = List.copyOf(retired);
                retired.clear();
                upTo = written;
            }
            if (upTo <= synced && closed.isEmpty()) {
                return;
            }
            for (FileChannel ch : closed) {
                try (ch) {
                    ch.force(false);
                }
            }
            if (current != null) {
                current.force(false); // a concurrent rotate retires it, never closes it: the next sync does
            }
            synced = upTo;
        }
    }

    synchronized boolean wantsCompaction() {
        return records >= maxRecords || bytes >= MAX_BYTES;
    }

    /** Closes the current segment; later appends go to a new one. Returns the last segment number used so far. */
    synchronized long rotate() throws IOException {
        if (segment < 0) {
            segment = lastSegment() + 1;
        }
        if (open != null) {
            retired.add(open); // closed by the next sync, after forcing its records
            open = null;
        }
        records = 0;
        bytes = 0;
        return segment++;
    }

    /** Deletes the segments numbered {@code last} and below. */
    void deleteUpTo(long last) throws IOException {
        for (var e : segments().headMap(last, true).entrySet()) {
            Files.deleteIfExists(e.getValue());
        }
    }

    /** Every intact record of every segment, oldest first. */
    List<AnswerUpdate> readAll() throws IOException {
        List<AnswerUpdate> out = new ArrayList<>();
        for (Path p : segments().values()) {
            readSegment(ByteBuffer.wrap(Files.readAllBytes(p)), out);
        }
        return out;
    }

    /** Reads records until the end or the first torn or corrupt one (a crash mid-append: never served). */
    static void readSegment(ByteBuffer in, List<AnswerUpdate> out) {
        while (in.remaining() >= 8) {
            int length = in.getInt();
            int expected = in.getInt();
            if (length < 0 || length > in.remaining()) {
                return;
            }
            byte[] body = new byte[length];
            in.get(body);
            CRC32C crc = new CRC32C();
            crc.update(body);
            if ((int) crc.getValue() != expected) {
                return;
            }
            try {
                out.add(AnswerUpdate.parseFrom(body));
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                return;
            }
        }
    }

    private long lastSegment() throws IOException {
        TreeMap<Long, Path> all = segments();
        return all.isEmpty() ? 0 : all.lastKey();
    }

    private TreeMap<Long, Path> segments() throws IOException {
        TreeMap<Long, Path> out = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(p -> {
                String name = p.getFileName().toString();
                if (name.startsWith(PREFIX)) {
                    try {
                        out.put(Long.parseLong(name.substring(PREFIX.length())), p);
                    } catch (NumberFormatException ignored) {
                        // not one of ours
                    }
                }
            });
        }
        return out;
    }
}
