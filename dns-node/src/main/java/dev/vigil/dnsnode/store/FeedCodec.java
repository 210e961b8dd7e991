package dev.vigil.dnsnode.store;

import com.google.protobuf.ByteString;
import dev.vigil.proto.feed.v1.AnswerUpdate;
import dev.vigil.proto.feed.v1.ClientMap;
import dev.vigil.proto.feed.v1.RRset;
import dev.vigil.proto.feed.v1.SelectiveRRset;
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
 * reported, so one bad record never blocks the rest of the answers. Per-query answers (client maps and selective
 * RRsets, {@link SelectiveCodec}) follow the same rules: an upsert of either kind replaces the other at its
 * (name, type), a removal removes either kind, a map is always replaced whole.
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
        return apply(AnswerState.EMPTY, update);
    }

    /** A full snapshot read by {@link SnapshotReader}: its RRsets are parsed as they are decoded, on every core. */
    static Decoded fromSnapshot(SnapshotReader.Lazy snapshot) {
        return applyChanges(AnswerState.EMPTY, List.of(snapshot.update()), snapshot.upserts());
    }

    /** A zone update's RRset upserts by position: parsed already, or read from a snapshot's bytes when asked for. */
    interface Upserts {
        int count();

        RawRRset get(int i);
    }

    /** The fields of one {@link RRset} that decoding reads (a snapshot's are read without building the message). */
    record RawRRset(String name, int type, int ttl, byte[][] rdata) {
        static RawRRset of(RRset r) {
            byte[][] rdata = new byte[r.getRdataCount()][];
            for (int i = 0; i < rdata.length; i++) {
                rdata[i] = r.getRdata(i).toByteArray();
            }
            return new RawRRset(r.getName(), r.getType(), r.getTtl(), rdata);
        }
    }

    /** A change applied on top of {@code current} (the caller has checked the base version). */
    public static Decoded applyChange(AnswerState current, AnswerUpdate update) {
        return apply(current, update);
    }

    /** The whole state as a full snapshot (what the state file holds). */
    public static AnswerUpdate toSnapshot(AnswerState state) {
        AnswerUpdate.Builder out = AnswerUpdate.newBuilder()
                .setVersion(toProto(state.version()))
                .setFull(true)
                .setProducedAtUnixMs(state.producedAtUnixMs());
        state.clientMaps().values().forEach(map -> out.addClientMaps(map.source()));
        for (ZoneData zone : state.zones().values()) {
            ZoneUpdate.Builder z = ZoneUpdate.newBuilder().setOrigin(zone.origin().toString());
            Map<RRsetKey, SelectiveRRsetData> selective = state.selective(zone.origin());
            zone.rrsets().forEach((key, records) -> {
                if (!selective.containsKey(key)) {
                    z.addUpserts(encode(key, records));
                }
            });
            selective.values().forEach(s -> z.addSelectiveUpserts(s.source()));
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
    public static Decoded applyChanges(AnswerState current, List<AnswerUpdate> changes) {
        return applyChanges(current, changes, null);
    }

    /** {@code lazyUpserts}, when not null, holds the upserts of the single change's zones (a lazily read snapshot). */
    @SuppressWarnings("unchecked")
    private static Decoded applyChanges(AnswerState current, List<AnswerUpdate> changes, List<Upserts> lazyUpserts) {
        List<String> skipped = new ArrayList<>();
        Map<Name, ZoneData> zones = new HashMap<>(current.zones());
        Map<Name, ShardedMap<RRsetKey, List<Record>>> bases = new HashMap<>();
        Map<Name, Object> open = new HashMap<>();
        Selective selective = new Selective(current.selective(), current.clientMaps());
        for (AnswerUpdate change : changes) {
            applyInto(zones, bases, open, selective, change, lazyUpserts, skipped);
        }
        open.forEach((origin, changed) -> zones.put(origin, new ZoneData(origin,
                changed instanceof ShardedMap.Builder<?, ?> b ? ((ShardedMap.Builder<RRsetKey, List<Record>>) b).build()
                        : bases.get(origin).with((Map<RRsetKey, List<Record>>) changed))));
        Version version = changes.isEmpty() ? current.version() : version(changes.getLast().getVersion());
        long produced = changes.isEmpty() ? current.producedAtUnixMs() : changes.getLast().getProducedAtUnixMs();
        selective.checkReferences(skipped);
        return new Decoded(new AnswerState(version, produced, zones, selective.frozen(), selective.maps),
                List.copyOf(skipped));
    }

    private static Decoded apply(AnswerState base, AnswerUpdate update) {
        return applyChanges(update.getFull() ? AnswerState.EMPTY : new AnswerState(Version.NONE, 0, base.zones(),
                base.selective(), base.clientMaps()), List.of(update));
    }

    /** Applies one update to {@code zones}; zones it modifies are (copied once and) kept mutable in {@code open}. */
    @SuppressWarnings("unchecked")
    private static void applyInto(Map<Name, ZoneData> zones, Map<Name, ShardedMap<RRsetKey, List<Record>>> bases,
                                  Map<Name, Object> open, Selective selective, AnswerUpdate update,
                                  List<Upserts> lazyUpserts, List<String> skipped) {
        if (update.getFull()) {
            zones.clear();
            open.clear();
            bases.clear();
            selective.clear();
        }
        selective.applyMaps(update, skipped);
        if (!update.getFull()) {
            for (String removed : update.getRemovedZonesList()) {
                try {
                    Name origin = absolute(removed);
                    zones.remove(origin);
                    open.remove(origin);
                    bases.remove(origin);
                    selective.removeZone(origin);
                } catch (InvalidUpdateException e) {
                    skipped.add("removed zone: " + e.getMessage());
                }
            }
        }
        for (int z = 0; z < update.getZonesCount(); z++) {
            ZoneUpdate zu = update.getZones(z);
            Upserts upserts = lazyUpserts != null ? lazyUpserts.get(z) : parsed(zu.getUpsertsList());
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
                    ? new ShardedMap.Builder<RRsetKey, List<Record>>(upserts.count()) : new HashMap<RRsetKey, List<Record>>());
            java.util.function.BiConsumer<RRsetKey, List<Record>> rrsets = target instanceof ShardedMap.Builder<?, ?>
                    ? ((ShardedMap.Builder<RRsetKey, List<Record>>) target)::putOrRemove
                    : ((Map<RRsetKey, List<Record>>) target)::put;
            for (var removal : zu.getRemovalsList()) {
                try {
                    RRsetKey key = new RRsetKey(absolute(removal.getName()), removal.getType());
                    rrsets.accept(key, null);
                    selective.remove(origin, key);
                } catch (InvalidUpdateException e) {
                    skipped.add(origin + " removal: " + e.getMessage());
                }
            }
            // Decoding is independent per RRset: large snapshots decode on every core, then apply in feed order.
            Object[] decoded = new Object[upserts.count()];
            java.util.stream.IntStream range = java.util.stream.IntStream.range(0, decoded.length);
            (decoded.length > PARALLEL_THRESHOLD ? range.parallel() : range).forEach(i -> decoded[i] = decodeOrError(origin, upserts.get(i)));
            // A new zone's shards are filled on every core (each shard in feed order, so the last upsert wins).
            boolean byShard = target instanceof ShardedMap.Builder<?, ?> && decoded.length > PARALLEL_THRESHOLD;
            RRsetKey[] keys = byShard ? new RRsetKey[decoded.length] : null;
            List<Record>[] values = byShard ? new List[decoded.length] : null;
            for (int i = 0; i < decoded.length; i++) {
                if (decoded[i] instanceof String error) {
                    skipped.add(error);
                } else {
                    Decoded1 d = (Decoded1) decoded[i];
                    List<Record> records = d.records().isEmpty() ? null : d.records();
                    if (byShard) {
                        keys[i] = d.key();
                        values[i] = records;
                    } else {
                        rrsets.accept(d.key(), records);
                    }
                    selective.remove(origin, d.key());
                }
                decoded[i] = null;
            }
            if (byShard) {
                ((ShardedMap.Builder<RRsetKey, List<Record>>) target).putAllInOrder(keys, values, true);
            }
            for (SelectiveRRset s : zu.getSelectiveUpsertsList()) {
                try {
                    SelectiveRRsetData data = SelectiveCodec.decode(origin, s, selective.maps);
                    rrsets.accept(data.key(), data.representative());
                    selective.put(origin, data);
                } catch (InvalidUpdateException e) {
                    skipped.add(origin + " selective " + s.getName() + "/" + s.getType() + ": " + e.getMessage());
                }
            }
        }
    }

    /** The per-query answers being built from a batch of updates: inner maps copied once, when first changed. */
    private static final class Selective {
        final Map<Name, Map<RRsetKey, SelectiveRRsetData>> zones;
        final java.util.Set<Name> copied = new java.util.HashSet<>();
        final Map<String, ClientMapData> maps;

        Selective(Map<Name, Map<RRsetKey, SelectiveRRsetData>> zones, Map<String, ClientMapData> maps) {
            this.zones = new HashMap<>(zones);
            this.maps = new HashMap<>(maps);
        }

        void clear() {
            zones.clear();
            maps.clear();
        }

        void applyMaps(AnswerUpdate update, List<String> skipped) {
            if (!update.getFull()) {
                update.getRemovedClientMapsList().forEach(maps::remove);
            }
            for (ClientMap map : update.getClientMapsList()) {
                try {
                    maps.put(map.getName(), SelectiveCodec.decodeMap(map));
                } catch (InvalidUpdateException e) {
                    skipped.add(e.getMessage());
                }
            }
        }

        void removeZone(Name origin) {
            zones.remove(origin);
        }

        void remove(Name origin, RRsetKey key) {
            Map<RRsetKey, SelectiveRRsetData> zone = zones.get(origin);
            if (zone != null && zone.containsKey(key)) {
                writable(origin).remove(key);
            }
        }

        void put(Name origin, SelectiveRRsetData data) {
            writable(origin).put(data.key(), data);
        }

        private Map<RRsetKey, SelectiveRRsetData> writable(Name origin) {
            Map<RRsetKey, SelectiveRRsetData> zone = zones.get(origin);
            if (zone == null || copied.add(origin)) {
                zone = new HashMap<>(zone == null ? Map.of() : zone);
                zones.put(origin, zone);
                copied.add(origin);
            }
            return zone;
        }

        /** A selective RRset whose map was removed later answers every client from its fallback; say so. */
        void checkReferences(List<String> skipped) {
            for (Name origin : copied) {
                Map<RRsetKey, SelectiveRRsetData> zone = zones.get(origin);
                if (zone != null) {
                    zone.values().forEach(s -> {
                        if (!s.clientMap().isEmpty() && !maps.containsKey(s.clientMap())) {
                            skipped.add(origin + " selective " + s.key() + ": client map '" + s.clientMap()
                                    + "' is gone; every client gets the fallback");
                        }
                    });
                }
            }
        }

        Map<Name, Map<RRsetKey, SelectiveRRsetData>> frozen() {
            Map<Name, Map<RRsetKey, SelectiveRRsetData>> out = new HashMap<>();
            zones.forEach((origin, zone) -> {
                if (!zone.isEmpty()) {
                    out.put(origin, copied.contains(origin) ? Map.copyOf(zone) : zone);
                }
            });
            return out;
        }
    }

    private static final int PARALLEL_THRESHOLD = 10_000;

    private static Upserts parsed(List<RRset> list) {
        return new Upserts() {
            @Override
            public int count() {
                return list.size();
            }

            @Override
            public RawRRset get(int i) {
                return RawRRset.of(list.get(i));
            }
        };
    }

    private record Decoded1(RRsetKey key, List<Record> records) {}

    /** The decoded RRset, or the reason it is skipped. */
    private static Object decodeOrError(Name origin, RawRRset rrset) {
        try {
            RRsetKey key = new RRsetKey(absolute(rrset.name()), rrset.type());
            return new Decoded1(key, decode(origin, key, rrset));
        } catch (InvalidUpdateException e) {
            return origin + " " + rrset.name() + "/" + rrset.type() + ": " + e.getMessage();
        }
    }

    private static List<Record> decode(Name origin, RRsetKey key, RawRRset rrset) throws InvalidUpdateException {
        if (!key.name().subdomain(origin)) {
            throw new InvalidUpdateException("owner is outside zone " + origin);
        }
        int type = key.type();
        if (type <= 0 || type > 0xFFFF || !Type.isRR(type)) {
            throw new InvalidUpdateException("type " + type + " cannot be served");
        }
        long ttl = Math.min(Integer.toUnsignedLong(rrset.ttl()), MAX_TTL);
        Record[] records = new Record[rrset.rdata().length];
        for (int i = 0; i < records.length; i++) {
            records[i] = Record.newRecord(key.name(), type, DClass.IN, ttl, rrset.rdata()[i]);
            if (records[i] == null) {
                throw new InvalidUpdateException("rdata is not valid " + Type.string(type) + " wire format");
            }
        }
        return List.of(records);
    }

    /**
     * The absolute name {@code text} (ending in a dot) built straight from its wire form when it is plain: printable
     * ASCII labels of 1..63 characters without escapes, 255 octets at most. The same {@link Name} as
     * {@link Name#fromString}, at a fraction of its cost (a snapshot holds a million names); null for anything else,
     * which then goes to the parser (and its errors).
     */
    static Name plainName(String text) {
        int n = text.length();
        if (n < 2 || n > 254 || text.charAt(n - 1) != '.') {
            return null;
        }
        byte[] wire = new byte[n + 1]; // "ab.c." -> 2 a b 1 c 0: character i is wire octet i + 1
        int lengthAt = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '.') {
                int length = i - lengthAt;
                if (length == 0 || length > 63) {
                    return null;
                }
                wire[lengthAt] = (byte) length;
                lengthAt = i + 1;
            } else if (c > ' ' && c < 0x7F && c != '\\') {
                wire[i + 1] = (byte) c;
            } else {
                return null;
            }
        }
        try {
            return new Name(wire);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    static Name absolute(String name) throws InvalidUpdateException {
        if (!name.endsWith(".")) {
            throw new InvalidUpdateException("'" + name + "' is not an absolute name");
        }
        Name plain = plainName(name);
        if (plain != null) {
            return plain;
        }
        try {
            return Name.fromString(name, Name.root);
        } catch (TextParseException e) {
            throw new InvalidUpdateException("'" + name + "' is not a valid name: " + e.getMessage(), e);
        }
    }
}
