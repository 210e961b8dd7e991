package dev.vigil.dnsnode.store;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The compiled wire answers of the snapshot on disk ({@code answers.wire}), so that a restart reads them instead of
 * compiling a million answers again — as NSD keeps its compiled zone database next to the zone files. Only a cache:
 * it is used when it was written for this very snapshot (its length and CRC-32C), by this very code (a
 * {@link CodeFingerprint} of the classes that compile answers, dnsjava's included), and is whole (a CRC-32C over
 * the file); anything else is ignored and the answers are compiled from the snapshot, as without it. It is not
 * synced: a file torn by a power loss fails its checksum. Little-endian:
 * <pre>
 * "VGLWIRE1", i64 code fingerprint, i64 snapshot length, i32 snapshot CRC-32C, i32 bits, i32 names,
 * per shard (1 &lt;&lt; bits): i32 mask, i32 length;  then the shards' bytes;  then i32 CRC-32C of all before it
 * </pre>
 */
final class CompiledAnswersFile {

    static final String FILE_NAME = "answers.wire";
    private static final byte[] MAGIC = "VGLWIRE1".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = MAGIC.length + 8 + 8 + 4 + 4 + 4;
    private static final int BUFFER = 1 << 16;

    /** Which snapshot file a cache was compiled from: its length and CRC-32C. */
    record SnapshotId(long length, int crc) {
        static SnapshotId of(byte[] snapshot) {
            CRC32C crc = new CRC32C();
            crc.update(snapshot);
            return new SnapshotId(snapshot.length, (int) crc.getValue());
        }
    }

    /** Why a cache file was not used. */
    static final class Unusable extends Exception {
        Unusable(String reason) {
            super(reason, null, false, false);
        }
    }

    private CompiledAnswersFile() {}

    /** Writes {@code index}, compiled from {@code snapshot} by the code {@code fingerprint} names, to {@code file}. */
    static void write(Path file, WireIndex index, long fingerprint, SnapshotId snapshot) throws IOException {
        int shards = 1 << index.shardBits();
        CRC32C crc = new CRC32C();
        try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file), BUFFER);
             CheckedOutputStream out = new CheckedOutputStream(raw, crc)) {
            ByteBuffer header = ByteBuffer.allocate(HEADER + shards * 8).order(ByteOrder.LITTLE_ENDIAN);
            header.put(MAGIC).putLong(fingerprint).putLong(snapshot.length()).putInt(snapshot.crc())
                    .putInt(index.shardBits()).putInt(index.size());
            for (int s = 0; s < shards; s++) {
                header.putInt(index.shardMask(s)).putInt(index.shardBytes(s).length);
            }
            out.write(header.array());
            for (int s = 0; s < shards; s++) {
                out.write(index.shardBytes(s));
            }
            raw.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue()).array());
        }
    }

    /**
     * The index in {@code file} if it was compiled from {@code snapshot} by the code {@code fingerprint} names.
     * Throws {@link Unusable} (with the reason) when it was not, or is not whole; never reads past the file's size.
     */
    static WireIndex read(Path file, long fingerprint, SnapshotId snapshot) throws IOException, Unusable {
        long fileSize = Files.size(file);
        CRC32C crc = new CRC32C();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER);
             CheckedInputStream in = new CheckedInputStream(raw, crc)) {
            ByteBuffer header = read(in, HEADER);
            byte[] magic = new byte[MAGIC.length];
            header.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new Unusable("not a compiled-answers file");
            }
            if (header.getLong() != fingerprint) {
                throw new Unusable("compiled by other code");
            }
            if (!new SnapshotId(header.getLong(), header.getInt()).equals(snapshot)) {
                throw new Unusable("compiled from another snapshot");
            }
            int bits = header.getInt();
            int size = header.getInt();
            if (bits < 0 || bits > 24 || HEADER + (8L << bits) > fileSize) {
                throw new Unusable("shard table larger than the file");
            }
            int shards = 1 << bits;
            ByteBuffer table = read(in, shards * 8);
            int[] masks = new int[shards];
            int[] lengths = new int[shards];
            long total = HEADER + shards * 8L + 4;
            for (int s = 0; s < shards; s++) {
                masks[s] = table.getInt();
                lengths[s] = table.getInt();
                total += lengths[s];
                if (lengths[s] < 0 || total > fileSize) {
                    throw new Unusable("shards larger than the file");
                }
            }
            if (total != fileSize) {
                throw new Unusable("file size " + fileSize + " is not the " + total + " its header says");
            }
            byte[][] bytes = new byte[shards][];
            for (int s = 0; s < shards; s++) {
                bytes[s] = in.readNBytes(lengths[s]);
                if (bytes[s].length != lengths[s]) {
                    throw new EOFException("compiled-answers file ends early");
                }
            }
            int expected = (int) crc.getValue();
            if (read(raw, 4).getInt() != expected) {
                throw new Unusable("checksum mismatch");
            }
            try {
                return WireIndex.restore(bytes, masks, bits, size);
            } catch (IllegalArgumentException e) {
                throw new Unusable(e.getMessage());
            }
        }
    }

    private static ByteBuffer read(InputStream in, int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) {
            throw new EOFException("compiled-answers file ends early");
        }
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
}
