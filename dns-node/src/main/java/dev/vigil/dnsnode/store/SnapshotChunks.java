package dev.vigil.dnsnode.store;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import dev.vigil.proto.feed.v1.AnswerUpdate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A full snapshot file read as a sequence of small updates: the first is the snapshot's header (version, full,
 * client maps, …) with the first RRsets of the first zone; each next one adds the next RRsets of a zone, and a zone's
 * last one carries its other fields (per-query RRsets) after its RRsets, as in the snapshot. Applied in order with
 * {@link FeedCodec#applyChanges}, they give the state the whole snapshot gives — but only one chunk's protobuf
 * objects exist at a time, not a million RRsets' worth (≈ 250 MB for 1M records, as much again as the state being
 * built), so a large zone loads without the collector copying them.
 *
 * <p>Chunks are cut from the file's bytes, not parsed until {@link #get} (each is parsed once when iterated; the
 * last one is kept). Snapshots with zone removals (not something a snapshot needs) are not chunked: {@link #of}
 * returns empty and the caller parses the whole message.
 */
final class SnapshotChunks extends AbstractList<AnswerUpdate> {

    static final int DEFAULT_CHUNK = 65_536;
    private static final int ZONES = AnswerUpdate.ZONES_FIELD_NUMBER;
    private static final int FULL = AnswerUpdate.FULL_FIELD_NUMBER;
    private static final int ORIGIN = dev.vigil.proto.feed.v1.ZoneUpdate.ORIGIN_FIELD_NUMBER;
    private static final int UPSERTS = dev.vigil.proto.feed.v1.ZoneUpdate.UPSERTS_FIELD_NUMBER;
    private static final int REMOVALS = dev.vigil.proto.feed.v1.ZoneUpdate.REMOVALS_FIELD_NUMBER;
    /** Fields repeated in every chunk after the first: the version and the production time. */
    private static final int[] EVERY_CHUNK = {AnswerUpdate.VERSION_FIELD_NUMBER, AnswerUpdate.PRODUCED_AT_UNIX_MS_FIELD_NUMBER};

    /** A byte range of the file: one whole field, tag included. */
    private record Span(int start, int end) {
        int length() {
            return end - start;
        }
    }

    /** One zone: its origin field, each RRset field, and its other fields. */
    private record Zone(Span origin, int[] upsertStarts, int[] upsertEnds, List<Span> rest) {}

    /** Chunk i: zone {@code zone}'s RRsets [from, to), plus the zone's other fields when {@code last}. */
    private record Chunk(int zone, int from, int to, boolean last) {}

    private final byte[] file;
    private final List<Span> header;
    private final List<Span> everyChunk;
    private final List<Zone> zones;
    private final List<Chunk> chunks;
    private int cachedIndex = -1;
    private AnswerUpdate cached;

    private SnapshotChunks(byte[] file, List<Span> header, List<Span> everyChunk, List<Zone> zones, int chunkSize) {
        this.file = file;
        this.header = header;
        this.everyChunk = everyChunk;
        this.zones = zones;
        this.chunks = new ArrayList<>();
        for (int z = 0; z < zones.size(); z++) {
            int n = zones.get(z).upsertStarts().length;
            for (int from = 0; from < n || from == 0; from += chunkSize) {
                int to = Math.min(n, from + chunkSize);
                chunks.add(new Chunk(z, from, to, to == n));
            }
        }
        if (chunks.isEmpty()) {
            chunks.add(new Chunk(-1, 0, 0, true)); // no zones: the header alone
        }
    }

    /** The file cut into chunks of at most {@code chunkSize} RRsets, or empty when it must be parsed whole. */
    static Optional<SnapshotChunks> of(byte[] file, int chunkSize) throws InvalidProtocolBufferException {
        CodedInputStream in = CodedInputStream.newInstance(file);
        List<Span> header = new ArrayList<>();
        List<Span> everyChunk = new ArrayList<>();
        List<Zone> zones = new ArrayList<>();
        boolean full = false;
        try {
            while (true) {
                int start = in.getTotalBytesRead();
                int tag = in.readTag();
                if (tag == 0) {
                    break;
                }
                int field = WireFormat.getTagFieldNumber(tag);
                if (field == ZONES && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    int length = in.readRawVarint32();
                    Zone zone = zone(file, in.getTotalBytesRead(), length);
                    if (zone == null) {
                        return Optional.empty();
                    }
                    zones.add(zone);
                    in.skipRawBytes(length);
                    continue;
                }
                if (field == FULL && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_VARINT) {
                    full = in.readBool();
                } else {
                    in.skipField(tag);
                }
                Span span = new Span(start, in.getTotalBytesRead());
                header.add(span);
                if (Arrays.stream(EVERY_CHUNK).anyMatch(f -> f == field)) {
                    everyChunk.add(span);
                }
            }
        } catch (IOException e) {
            throw e instanceof InvalidProtocolBufferException p ? p : new InvalidProtocolBufferException(e);
        }
        return full ? Optional.of(new SnapshotChunks(file, header, everyChunk, zones, chunkSize)) : Optional.empty();
    }

    /** The fields of the ZoneUpdate at {@code file[offset, offset+length)}, or null when it has removals. */
    private static Zone zone(byte[] file, int offset, int length) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(file, offset, length);
        Span origin = null;
        IntList starts = new IntList();
        IntList ends = new IntList();
        List<Span> rest = new ArrayList<>();
        while (true) {
            int start = offset + in.getTotalBytesRead();
            int tag = in.readTag();
            if (tag == 0) {
                break;
            }
            int field = WireFormat.getTagFieldNumber(tag);
            if (field == REMOVALS) {
                return null;
            }
            in.skipField(tag);
            int end = offset + in.getTotalBytesRead();
            if (field == UPSERTS) {
                starts.add(start);
                ends.add(end);
            } else if (field == ORIGIN && origin == null) {
                origin = new Span(start, end);
            } else {
                rest.add(new Span(start, end));
            }
        }
        return new Zone(origin, starts.toArray(), ends.toArray(), rest);
    }

    @Override
    public int size() {
        return chunks.size();
    }

    @Override
    public AnswerUpdate get(int index) {
        if (index == cachedIndex) {
            return cached;
        }
        Chunk chunk = chunks.get(index);
        // The zone's builder is made when its first chunk is applied: size it for the whole zone.
        ShardedMap.expectNextBuilder(chunk.zone() >= 0 ? zones.get(chunk.zone()).upsertStarts().length : 0);
        List<Span> top = index == 0 ? header : everyChunk;
        int length = top.stream().mapToInt(Span::length).sum();
        int zoneLength = 0;
        Zone zone = chunk.zone() >= 0 ? zones.get(chunk.zone()) : null;
        if (zone != null) {
            zoneLength = zoneBytes(zone, chunk);
            length += CodedOutputStream.computeTagSize(ZONES) + CodedOutputStream.computeUInt32SizeNoTag(zoneLength)
                    + zoneLength;
        }
        byte[] out = new byte[length];
        try {
            CodedOutputStream o = CodedOutputStream.newInstance(out);
            for (Span s : top) {
                o.writeRawBytes(file, s.start(), s.length());
            }
            if (zone != null) {
                o.writeTag(ZONES, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                o.writeUInt32NoTag(zoneLength);
                if (zone.origin() != null) {
                    o.writeRawBytes(file, zone.origin().start(), zone.origin().length());
                }
                if (chunk.to() > chunk.from()) {
                    writeUpserts(o, zone, chunk);
                }
                if (chunk.last()) {
                    for (Span s : zone.rest()) {
                        o.writeRawBytes(file, s.start(), s.length());
                    }
                }
            }
            o.checkNoSpaceLeft();
            cached = AnswerUpdate.parseFrom(out);
            cachedIndex = index;
            return cached;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the spans were cut from a file that parsed: not expected
        }
    }

    /** The RRset fields of one chunk; consecutive ones (the usual case) are copied as one range of the file. */
    private void writeUpserts(CodedOutputStream o, Zone zone, Chunk chunk) throws IOException {
        int runStart = zone.upsertStarts()[chunk.from()];
        int runEnd = zone.upsertEnds()[chunk.from()];
        for (int i = chunk.from() + 1; i < chunk.to(); i++) {
            if (zone.upsertStarts()[i] != runEnd) {
                o.writeRawBytes(file, runStart, runEnd - runStart);
                runStart = zone.upsertStarts()[i];
            }
            runEnd = zone.upsertEnds()[i];
        }
        o.writeRawBytes(file, runStart, runEnd - runStart);
    }

    private static int zoneBytes(Zone zone, Chunk chunk) {
        int n = zone.origin() != null ? zone.origin().length() : 0;
        for (int i = chunk.from(); i < chunk.to(); i++) {
            n += zone.upsertEnds()[i] - zone.upsertStarts()[i];
        }
        if (chunk.last()) {
            n += zone.rest().stream().mapToInt(Span::length).sum();
        }
        return n;
    }

    /** A growable int array (a million RRsets' offsets without boxing). */
    private static final class IntList {
        private int[] values = new int[1024];
        private int size;

        void add(int v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
