package dev.vigil.dnsnode.store;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.vigil.proto.feed.v1.AnswerUpdate;
import dev.vigil.proto.feed.v1.RRset;
import dev.vigil.proto.feed.v1.ZoneUpdate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads an {@link AnswerUpdate} from its bytes without parsing every RRset up front: the message is parsed whole
 * except each zone's {@code upserts} (the bulk of a snapshot: one message per RRset), of which only the byte ranges
 * are kept. Each RRset is parsed when {@link FeedCodec} decodes it, on whichever core decodes it, and is garbage
 * right after; so a million-RRset snapshot is parsed on every core and its ~250 MB of protobuf objects never exist
 * all at once. The bytes are the same wire format as ever ({@code answers.pb} is unchanged).
 */
final class SnapshotReader {

    /** The tags of AnswerUpdate.zones (4) and ZoneUpdate.upserts (2), both length-delimited. */
    private static final int ZONES = AnswerUpdate.ZONES_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
    private static final int UPSERTS = ZoneUpdate.UPSERTS_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;

    private SnapshotReader() {}

    /** An update whose zones' upserts are parsed on demand; {@code upserts.get(i)} belongs to {@code update.getZones(i)}. */
    record Lazy(AnswerUpdate update, List<FeedCodec.Upserts> upserts) {}

    static Lazy read(byte[] bytes) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        List<ZoneUpdate> zones = new ArrayList<>();
        List<FeedCodec.Upserts> upserts = new ArrayList<>();
        while (true) {
            int start = in.getTotalBytesRead();
            int tag = in.readTag();
            if (tag == 0) {
                break;
            }
            if (tag == ZONES) {
                int length = in.readRawVarint32();
                int at = in.getTotalBytesRead();
                in.skipRawBytes(length);
                readZone(bytes, at, length, zones, upserts);
            } else {
                in.skipField(tag);
                rest.write(bytes, start, in.getTotalBytesRead() - start);
            }
        }
        AnswerUpdate update = AnswerUpdate.newBuilder().mergeFrom(rest.toByteArray()).addAllZones(zones).build();
        return new Lazy(update, List.copyOf(upserts));
    }

    private static void readZone(byte[] bytes, int offset, int length, List<ZoneUpdate> zones,
                                 List<FeedCodec.Upserts> upserts) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes, offset, length);
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        int[] starts = new int[16];
        int[] lengths = new int[16];
        int count = 0;
        while (true) {
            int start = offset + in.getTotalBytesRead();
            int tag = in.readTag();
            if (tag == 0) {
                break;
            }
            if (tag == UPSERTS) {
                int n = in.readRawVarint32();
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                    lengths = Arrays.copyOf(lengths, count * 2);
                }
                starts[count] = offset + in.getTotalBytesRead();
                lengths[count++] = n;
                in.skipRawBytes(n);
            } else {
                in.skipField(tag);
                rest.write(bytes, start, offset + in.getTotalBytesRead() - start);
            }
        }
        zones.add(ZoneUpdate.parseFrom(rest.toByteArray()));
        upserts.add(new Ranges(bytes, starts, lengths, count));
    }

    /** RRsets stored as byte ranges of the snapshot, each read when asked for. */
    private record Ranges(byte[] bytes, int[] starts, int[] lengths, int count) implements FeedCodec.Upserts {
        @Override
        public FeedCodec.RawRRset get(int i) {
            try {
                return readRRset(CodedInputStream.newInstance(bytes, starts[i], lengths[i]));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * One {@link RRset} message read field by field, as its generated parser reads it (the last value of a scalar
     * wins, rdata in order, unknown fields skipped, a name must be valid UTF-8) but without building the message,
     * its builder or a ByteString per record.
     */
    static FeedCodec.RawRRset readRRset(CodedInputStream in) throws IOException {
        String name = "";
        int type = 0;
        int ttl = 0;
        byte[][] rdata = new byte[1][];
        int records = 0;
        while (true) {
            int tag = in.readTag();
            switch (tag) {
                case 0 -> {
                    return new FeedCodec.RawRRset(name, type, ttl,
                            records == rdata.length ? rdata : Arrays.copyOf(rdata, records));
                }
                case NAME -> name = in.readStringRequireUtf8();
                case TYPE -> type = in.readUInt32();
                case TTL -> ttl = in.readUInt32();
                case RDATA -> {
                    if (records == rdata.length) {
                        rdata = Arrays.copyOf(rdata, records * 2);
                    }
                    rdata[records++] = in.readByteArray();
                }
                default -> in.skipField(tag);
            }
        }
    }

    private static final int NAME = RRset.NAME_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
    private static final int TYPE = RRset.TYPE_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_VARINT;
    private static final int TTL = RRset.TTL_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_VARINT;
    private static final int RDATA = RRset.RDATA_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
}
