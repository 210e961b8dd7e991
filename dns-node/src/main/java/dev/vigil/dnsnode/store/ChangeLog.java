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
 * {@code [length:int][crc32c:int][AnswerUpdate bytes]}; a record is synced (fdatasync) before {@link #append}
 * returns. A new process always starts a new segment, so a torn tail is never appended to.
 */
final class ChangeLog {

    static final String PREFIX = "answers.log.";
    /** Compact after this many records or bytes: replay at start stays short and the log small. */
    static final int MAX_RECORDS = 512;
    static final long MAX_BYTES = 16L << 20;

    private final Path dir;
    private FileChannel open;
    private long segment = -1;
    private int records;
    private long bytes;

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
        open.force(false);
        records++;
        bytes += buf.capacity();
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
            open.close();
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
