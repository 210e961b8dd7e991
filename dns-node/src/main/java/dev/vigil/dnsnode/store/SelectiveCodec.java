package dev.vigil.dnsnode.store;

import com.google.protobuf.ByteString;
import dev.vigil.proto.feed.v1.Choice;
import dev.vigil.proto.feed.v1.ClientMap;
import dev.vigil.proto.feed.v1.ClientPrefix;
import dev.vigil.proto.feed.v1.SelectiveRRset;
import dev.vigil.proto.feed.v1.Variant;
import dev.vigil.proto.feed.v1.WeightedVariant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The feed boundary for per-query answers: {@code ClientMap} and {@code SelectiveRRset} messages decoded and
 * checked (indices in range, prefix lengths, address sizes, host bits, weights above 0). Anything invalid is
 * refused with the reason, like an invalid RRset.
 */
final class SelectiveCodec {

    private static final long MAX_TTL = 0x7FFFFFFFL;

    private SelectiveCodec() {}

    static ClientMapData decodeMap(ClientMap map) throws InvalidUpdateException {
        if (map.getName().isEmpty()) {
            throw new InvalidUpdateException("client map without a name");
        }
        List<PrefixTable.Prefix> v4 = new ArrayList<>();
        List<PrefixTable.Prefix> v6 = new ArrayList<>();
        for (ClientPrefix p : map.getPrefixesList()) {
            byte[] address = p.getAddress().toByteArray();
            int bits = address.length * 8;
            if (address.length != 4 && address.length != 16) {
                throw new InvalidUpdateException("client map " + map.getName() + ": address of " + address.length
                        + " bytes (4 or 16 expected)");
            }
            if (p.getPrefixLength() > bits) {
                throw new InvalidUpdateException("client map " + map.getName() + ": prefix length " + p.getPrefixLength()
                        + " above " + bits);
            }
            if (!hostBitsZero(address, p.getPrefixLength())) {
                throw new InvalidUpdateException("client map " + map.getName() + ": host bits set in a /" + p.getPrefixLength());
            }
            if (p.getLabel() >= map.getLabelsCount()) {
                throw new InvalidUpdateException("client map " + map.getName() + ": label " + Integer.toUnsignedString(p.getLabel())
                        + " of " + map.getLabelsCount());
            }
            (bits == 32 ? v4 : v6).add(new PrefixTable.Prefix(address, p.getPrefixLength(), p.getLabel()));
        }
        try {
            return new ClientMapData(map.getName(), List.copyOf(map.getLabelsList()), PrefixTable.of(32, v4),
                    PrefixTable.of(128, v6), map);
        } catch (InvalidUpdateException e) {
            throw new InvalidUpdateException("client map " + map.getName() + ": " + e.getMessage());
        }
    }

    /** True when every bit of {@code address} after the first {@code length} is zero. */
    static boolean hostBitsZero(byte[] address, int length) {
        for (int bit = length; bit < address.length * 8; bit++) {
            if ((address[bit >>> 3] & (0x80 >>> (bit & 7))) != 0) {
                return false;
            }
        }
        return true;
    }

    /** {@code rrset} of the zone {@code origin}, checked against the client maps known after this update. */
    static SelectiveRRsetData decode(Name origin, SelectiveRRset rrset, Map<String, ClientMapData> maps)
            throws InvalidUpdateException {
        RRsetKey key = new RRsetKey(FeedCodec.absolute(rrset.getName()), rrset.getType());
        if (!key.name().subdomain(origin)) {
            throw new InvalidUpdateException("owner is outside zone " + origin);
        }
        int type = key.type();
        if (type <= 0 || type > 0xFFFF || !Type.isRR(type) || type == Type.SOA || type == Type.NS) {
            throw new InvalidUpdateException("type " + type + " cannot be answered per query");
        }
        List<List<Record>> variants = new ArrayList<>(rrset.getVariantsCount());
        for (Variant v : rrset.getVariantsList()) {
            long ttl = Math.min(Integer.toUnsignedLong(v.getTtl()), MAX_TTL);
            List<Record> records = new ArrayList<>(v.getRdataCount());
            for (ByteString rdata : v.getRdataList()) {
                Record r = Record.newRecord(key.name(), type, DClass.IN, ttl, rdata.toByteArray());
                if (r == null) {
                    throw new InvalidUpdateException("rdata is not valid " + Type.string(type) + " wire format");
                }
                records.add(r);
            }
            if (records.isEmpty()) {
                throw new InvalidUpdateException("a variant without records (an empty choice means NODATA)");
            }
            variants.add(List.copyOf(records));
        }
        int labels = 0;
        if (!rrset.getClientMap().isEmpty()) {
            ClientMapData map = maps.get(rrset.getClientMap());
            if (map == null) {
                throw new InvalidUpdateException("client map '" + rrset.getClientMap() + "' does not exist");
            }
            labels = map.labels().size();
        } else if (rrset.getByLabelCount() > 0) {
            throw new InvalidUpdateException("by_label without a client map");
        }
        WeightedChoice[] byLabel = new WeightedChoice[labels];
        for (var e : rrset.getByLabelMap().entrySet()) {
            if (Integer.toUnsignedLong(e.getKey()) >= labels) {
                throw new InvalidUpdateException("label " + Integer.toUnsignedString(e.getKey()) + " of " + labels);
            }
            byLabel[e.getKey()] = choice(e.getValue(), variants.size());
        }
        WeightedChoice fallback = choice(rrset.getFallback(), variants.size());
        return new SelectiveRRsetData(key, List.copyOf(variants), rrset.getClientMap(), byLabel, fallback, rrset);
    }

    private static WeightedChoice choice(Choice choice, int variants) throws InvalidUpdateException {
        int n = choice.getOptionsCount();
        if (n == 0) {
            return WeightedChoice.NONE;
        }
        int[] picks = new int[n];
        long[] cumulative = new long[n];
        long total = 0;
        for (int i = 0; i < n; i++) {
            WeightedVariant option = choice.getOptions(i);
            if (Integer.toUnsignedLong(option.getVariant()) >= variants) {
                throw new InvalidUpdateException("variant " + Integer.toUnsignedString(option.getVariant()) + " of " + variants);
            }
            if (option.getWeight() == 0) {
                throw new InvalidUpdateException("weight 0 (weights must be above 0)");
            }
            total += Integer.toUnsignedLong(option.getWeight());
            picks[i] = option.getVariant();
            cumulative[i] = total;
        }
        return new WeightedChoice(picks, cumulative);
    }
}
