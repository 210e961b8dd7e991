package dev.vigil.dnsnode;

import com.google.protobuf.ByteString;
import dev.vigil.proto.feed.v1.AnswerUpdate;
import dev.vigil.proto.feed.v1.RRset;
import dev.vigil.proto.feed.v1.ZoneUpdate;
import java.util.Random;
import org.xbill.DNS.Type;

/** Random snapshots for load tests: what a large zone can hold, valid or not. */
public final class RandomZones {

    private RandomZones() {}

    /**
     * Two zones of {@code size} RRsets: several types at a name, names given twice (the later one wins), empty
     * RRsets (which remove), wildcards, delegations, and invalid ones (skipped, in feed order).
     */
    public static AnswerUpdate snapshot(Random random, int size) {
        AnswerUpdate.Builder out = dev.vigil.dnsnode.Fixtures.full(9).toBuilder();
        for (String origin : new String[] {"big.test.", "other.test."}) {
            ZoneUpdate.Builder zone = ZoneUpdate.newBuilder().setOrigin(origin);
            zone.addUpserts(dev.vigil.dnsnode.Fixtures.soa(origin, 300, 60));
            int[] types = {Type.A, Type.AAAA, Type.TXT, Type.MX, Type.NS, Type.CNAME};
            for (int i = 0; i < size; i++) {
                int n = random.nextInt(size / 2 + 1);
                String name = switch (random.nextInt(20)) {
                    case 0 -> "*.w" + n % 50 + "." + origin;
                    case 1 -> "outside.example.";
                    default -> "n" + n + (random.nextBoolean() ? ".sub" + n % 7 : "") + "." + origin;
                };
                int type = types[random.nextInt(types.length)];
                RRset.Builder r = RRset.newBuilder().setName(name).setType(type).setTtl(60 + random.nextInt(100));
                int records = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(3);
                for (int k = 0; k < records; k++) {
                    r.addRdata(ByteString.copyFrom(rdata(random, type, origin)));
                }
                zone.addUpserts(r);
            }
            out.addZones(zone);
        }
        return out.build();
    }

    private static byte[] rdata(Random random, int type, String origin) {
        if (random.nextInt(500) == 0) {
            return new byte[] {1, 2}; // not valid rdata of any of these types: skipped
        }
        byte[] target = org.xbill.DNS.Name.fromConstantString("t" + random.nextInt(100) + "." + origin).toWire();
        return switch (type) {
            case Type.A -> new byte[] {10, (byte) random.nextInt(256), (byte) random.nextInt(256), 1};
            case Type.AAAA -> concat(new byte[15], new byte[] {(byte) random.nextInt(256)});
            case Type.TXT -> new byte[] {3, 'a', 'b', (byte) ('a' + random.nextInt(26))};
            case Type.MX -> concat(new byte[] {0, 10}, target);
            default -> target;
        };
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
