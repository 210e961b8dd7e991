package dev.vigil.dnsnode.store;

import com.google.protobuf.ByteString;
import dev.vigil.proto.feed.v1.AnswerUpdate;
import dev.vigil.proto.feed.v1.RRset;
import dev.vigil.proto.feed.v1.ZoneUpdate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The feed boundary: protobuf {@link AnswerUpdate} to and from {@link AnswerState}. Used for controller
 * updates and for the state file (a full snapshot). An RRset that cannot be decoded is skipped and
 * reported, so one bad record never blocks the rest of the answers.
 */
public final class FeedCodec {

    /** Largest TTL dnsjava accepts (RFC 2181: 2^31 - 1). */
    private static final long MAX_TTL = 0x7FFFFFFFL;

    private FeedCodec() {}

    /** The decoded state plus a description of every RRset or zone that had to be skipped. */
    public record Decoded(AnswerState state, List<String> skipped) {}

    public static Version version(dev.vigil.proto.feed.v1.Version v) {
        return new Version(v.getTerm(), v.getIndex());
    }

    public static dev.vigil.proto.feed.v1.Version toProto(Version v) {
        return dev.vigil.proto.feed.v1.Version.newBuilder().setTerm(v.term()).setIndex(v.index()).build();
    }

    /** A full snapshot becomes the complete state. */
    public static Decoded fromSnapshot(AnswerUpdate update) {
        return apply(Map.of(), update);
    }

    /** A change applied on top of {@code current} (the caller has checked the base version). */
    public static Decoded applyChange(AnswerState current, AnswerUpdate update) {
        return apply(current.zones(), update);
    }

    /** The whole state as a full snapshot (what the state file holds). */
    public static AnswerUpdate toSnapshot(AnswerState state) {
        AnswerUpdate.Builder out = AnswerUpdate.newBuilder()
                .setVersion(toProto(state.version()))
                .setFull(true)
                .setProducedAtUnixMs(state.producedAtUnixMs());
        for (ZoneData zone : state.zones().values()) {
            ZoneUpdate.Builder z = ZoneUpdate.newBuilder().setOrigin(zone.origin().toString());
            zone.rrsets().forEach((key, records) -> z.addUpserts(encode(key, records)));
            out.addZones(z);
        }
        return out.build();
    }

    private static RRset encode(RRsetKey key, List<Record> records) {
        RRset.Builder b = RRset.newBuilder()
                .setName(key.name().toString())
                .setType(key.type())
                .setTtl((int) records.getFirst().getTTL());
        for (Record r : records) {
            b.addRdata(ByteString.copyFrom(r.rdataToWireCanonical()));
        }
        return b.build();
    }

    /**
     * Changes applied in order on top of {@code current} (each one's base already checked): every touched zone is
     * copied once for the whole batch, so replaying a log of changes costs the changes, not one copy each.
     */
    @SuppressWarnings("unchecked")
    public static Decoded applyChanges(AnswerState current, List<AnswerUpdate> changes) {
        List<String> skipped = new ArrayList<>();
        Map<Name, ZoneData> zones = new HashMap<>(current.zones());
        Map<Name, ShardedMap<RRsetKey, List<Record>>> bases = new HashMap<>();
        Map<Name, Object> open = new HashMap<>();
        for (AnswerUpdate change : changes) {
            applyInto(zones, bases, open, change, skipped);
        }
        open.forEach((origin, changed) -> zones.put(origin, new ZoneData(origin,
                changed instanceof ShardedMap.Builder<?, ?> b ? ((ShardedMap.Builder<RRsetKey, List<Record>>) b).build()
                        : bases.get(origin).with((Map<RRsetKey, List<Record>>) changed))));
        Version version = changes.isEmpty() ? current.version() : version(changes.getLast().getVersion());
        long produced = changes.isEmpty() ? current.producedAtUnixMs() : changes.getLast().getProducedAtUnixMs();
        return new Decoded(new AnswerState(version, produced, zones), List.copyOf(skipped));
    }

    private static Decoded apply(Map<Name, ZoneData> base, AnswerUpdate update) {
        return applyChanges(new AnswerState(Version.NONE, 0, update.getFull() ? Map.of() : base), List.of(update));
    }

    /** Applies one update to {@code zones}; zones it modifies are (copied once and) kept mutable in {@code open}. */
    @SuppressWarnings("unchecked")
    private static void applyInto(Map<Name, ZoneData> zones, Map<Name, ShardedMap<RRsetKey, List<Record>>> bases,
                                  Map<Name, Object> open, AnswerUpdate update, List<String> skipped) {
        if (update.getFull()) {
            zones.clear();
            open.clear();
            bases.clear();
        }
        if (!update.getFull()) {
            for (String removed : update.getRemovedZonesList()) {
                try {
                    Name origin = absolute(removed);
                    zones.remove(origin);
                    open.remove(origin);
                    bases.remove(origin);
                } catch (InvalidUpdateException e) {
                    skipped.add("removed zone: " + e.getMessage());
                }
            }
        }
        for (ZoneUpdate zu : update.getZonesList()) {
            Name origin;
            try {
                origin = absolute(zu.getOrigin());
            } catch (InvalidUpdateException e) {
                skipped.add("zone: " + e.getMessage());
                continue;
            }
            // Only the changes are collected (null = removed); the zone's map is derived once, sharing what is unchanged.
            if (!bases.containsKey(origin)) {
                ZoneData existing = zones.remove(origin);
                bases.put(origin, existing == null ? ShardedMap.of(Map.of()) : existing.sharded());
            }
            // A new zone (a snapshot) is built straight into its shards; a change to a zone only collects the changes.
            boolean fresh = bases.get(origin).isEmpty();
            Object target = open.computeIfAbsent(origin, o -> fresh
                    ? new ShardedMap.Builder<RRsetKey, List<Record>>(zu.getUpsertsCount()) : new HashMap<RRsetKey, List<Record>>());
            java.util.function.BiConsumer<RRsetKey, List<Record>> rrsets = target instanceof ShardedMap.Builder<?, ?>
                    ? ((ShardedMap.Builder<RRsetKey, List<Record>>) target)::putOrRemove
                    : ((Map<RRsetKey, List<Record>>) target)::put;
            for (var removal : zu.getRemovalsList()) {
                try {
                    rrsets.accept(new RRsetKey(absolute(removal.getName()), removal.getType()), null);
                } catch (InvalidUpdateException e) {
                    skipped.add(origin + " removal: " + e.getMessage());
                }
            }
            // Decoding is independent per RRset: large snapshots decode on every core, then apply in feed order.
            List<RRset> upserts = zu.getUpsertsList();
            Object[] decoded = new Object[upserts.size()];
            java.util.stream.IntStream range = java.util.stream.IntStream.range(0, upserts.size());
            (upserts.size() > PARALLEL_THRESHOLD ? range.parallel() : range).forEach(i -> decoded[i] = decodeOrError(origin, upserts.get(i)));
            for (int i = 0; i < decoded.length; i++) {
                if (decoded[i] instanceof String error) {
                    skipped.add(error);
                } else {
                    Decoded1 d = (Decoded1) decoded[i];
                    rrsets.accept(d.key(), d.records().isEmpty() ? null : d.records());
                }
            }
        }
    }

    private static final int PARALLEL_THRESHOLD = 10_000;

    private record Decoded1(RRsetKey key, List<Record> records) {}

    /** The decoded RRset, or the reason it is skipped. */
    private static Object decodeOrError(Name origin, RRset rrset) {
        try {
            RRsetKey key = new RRsetKey(absolute(rrset.getName()), rrset.getType());
            return new Decoded1(key, decode(origin, key, rrset));
        } catch (InvalidUpdateException e) {
            return origin + " " + rrset.getName() + "/" + rrset.getType() + ": " + e.getMessage();
        }
    }

    private static List<Record> decode(Name origin, RRsetKey key, RRset rrset) throws InvalidUpdateException {
        if (!key.name().subdomain(origin)) {
            throw new InvalidUpdateException("owner is outside zone " + origin);
        }
        int type = key.type();
        if (type <= 0 || type > 0xFFFF || !Type.isRR(type)) {
            throw new InvalidUpdateException("type " + type + " cannot be served");
        }
        long ttl = Math.min(Integer.toUnsignedLong(rrset.getTtl()), MAX_TTL);
        List<Record> records = new ArrayList<>(rrset.getRdataCount());
        for (ByteString rdata : rrset.getRdataList()) {
            Record r = Record.newRecord(key.name(), type, DClass.IN, ttl, rdata.toByteArray());
            if (r == null) {
                throw new InvalidUpdateException("rdata is not valid " + Type.string(type) + " wire format");
            }
            records.add(r);
        }
        return List.copyOf(records);
    }

    static Name absolute(String name) throws InvalidUpdateException {
        if (!name.endsWith(".")) {
            throw new InvalidUpdateException("'" + name + "' is not an absolute name");
        }
        try {
            return Name.fromString(name, Name.root);
        } catch (TextParseException e) {
            throw new InvalidUpdateException("'" + name + "' is not a valid name: " + e.getMessage(), e);
        }
    }
}
