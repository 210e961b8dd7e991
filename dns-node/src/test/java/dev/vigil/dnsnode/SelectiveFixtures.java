package dev.vigil.dnsnode;

import com.google.protobuf.ByteString;
import dev.vigil.proto.feed.v1.Choice;
import dev.vigil.proto.feed.v1.ClientMap;
import dev.vigil.proto.feed.v1.ClientPrefix;
import dev.vigil.proto.feed.v1.RRset;
import dev.vigil.proto.feed.v1.SelectiveRRset;
import dev.vigil.proto.feed.v1.Variant;
import dev.vigil.proto.feed.v1.WeightedVariant;
import dev.vigil.proto.feed.v1.ZoneUpdate;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

/** Per-query answers for tests: client maps, selective RRsets and the zone most of those tests use. */
public final class SelectiveFixtures {

    public static final String ORIGIN = "sel.test.";

    private SelectiveFixtures() {}

    /** A map from "CIDR" strings (in order) to labels, e.g. map("geo", List.of("eu","us"), "10.0.0.0/8", "0", ...). */
    public static ClientMap map(String name, java.util.List<String> labels, String... cidrAndLabel) {
        ClientMap.Builder b = ClientMap.newBuilder().setName(name).addAllLabels(labels);
        for (int i = 0; i < cidrAndLabel.length; i += 2) {
            b.addPrefixes(prefix(cidrAndLabel[i], Integer.parseInt(cidrAndLabel[i + 1])));
        }
        return b.build();
    }

    public static ClientPrefix prefix(String cidr, int label) {
        String[] parts = cidr.split("/");
        try {
            return ClientPrefix.newBuilder().setAddress(ByteString.copyFrom(InetAddress.getByName(parts[0]).getAddress()))
                    .setPrefixLength(Integer.parseInt(parts[1])).setLabel(label).build();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(cidr, e);
        }
    }

    /** A variant from an RRset written like {@link Fixtures#rrset}. */
    public static Variant variant(RRset rrset) {
        return Variant.newBuilder().setTtl(rrset.getTtl()).addAllRdata(rrset.getRdataList()).build();
    }

    public static Variant variant(String name, String type, long ttl, String... rdata) {
        return variant(Fixtures.rrset(name, type, ttl, rdata));
    }

    /** A choice from (variant, weight) pairs. */
    public static Choice choice(int... variantAndWeight) {
        Choice.Builder c = Choice.newBuilder();
        for (int i = 0; i < variantAndWeight.length; i += 2) {
            c.addOptions(WeightedVariant.newBuilder().setVariant(variantAndWeight[i]).setWeight(variantAndWeight[i + 1]));
        }
        return c.build();
    }

    public static SelectiveRRset selective(String name, String type, String clientMap, Map<Integer, Choice> byLabel,
                                           Choice fallback, Variant... variants) {
        return SelectiveRRset.newBuilder().setName(name).setType(org.xbill.DNS.Type.value(type)).setClientMap(clientMap)
                .putAllByLabel(byLabel).setFallback(fallback).addAllVariants(java.util.List.of(variants)).build();
    }

    /**
     * The zone of the per-query tests: {@code geo} answers by a latency/geo-style map (10.0.0.0/8 → eu, 10.1.0.0/16
     * → us inside it, 2001:db8::/32 → eu; others the fallback), {@code w} by weight 1:3 (no map), {@code cn} a CNAME
     * variant per label, {@code alias} a static CNAME to {@code geo}, {@code none} NODATA for eu clients, and a
     * selective wildcard {@code *.wild}.
     */
    public static ZoneUpdate zone() {
        String o = ORIGIN;
        return ZoneUpdate.newBuilder().setOrigin(o)
                .addUpserts(Fixtures.soa(o, 3600, 60))
                .addUpserts(Fixtures.rrset(o, "NS", 3600, "ns1." + o))
                .addUpserts(Fixtures.rrset("ns1." + o, "A", 3600, "192.0.2.53"))
                .addUpserts(Fixtures.rrset("geo." + o, "AAAA", 60, "2001:db8::53"))
                .addUpserts(Fixtures.rrset("a." + o, "A", 60, "192.0.2.10"))
                .addUpserts(Fixtures.rrset("b." + o, "A", 60, "192.0.2.20"))
                .addUpserts(Fixtures.rrset("alias." + o, "CNAME", 300, "geo." + o))
                .addSelectiveUpserts(selective("geo." + o, "A", "geo", Map.of(0, choice(0, 1), 1, choice(1, 1)),
                        choice(2, 1),
                        variant("geo." + o, "A", 60, "198.51.100.1"),
                        variant("geo." + o, "A", 60, "198.51.100.2"),
                        variant("geo." + o, "A", 30, "198.51.100.3")))
                .addSelectiveUpserts(selective("w." + o, "A", "", Map.of(), choice(0, 1, 1, 3),
                        variant("w." + o, "A", 60, "203.0.113.1"),
                        variant("w." + o, "A", 60, "203.0.113.2")))
                .addSelectiveUpserts(selective("cn." + o, "CNAME", "geo", Map.of(0, choice(0, 1), 1, choice(1, 1)),
                        choice(0, 1),
                        variant("cn." + o, "CNAME", 120, "a." + o),
                        variant("cn." + o, "CNAME", 120, "b." + o)))
                .addSelectiveUpserts(selective("none." + o, "A", "geo", Map.of(0, Choice.getDefaultInstance()),
                        choice(0, 1),
                        variant("none." + o, "A", 60, "192.0.2.99")))
                .addSelectiveUpserts(selective("*.wild." + o, "A", "geo", Map.of(1, choice(1, 1)), choice(0, 1),
                        variant("*.wild." + o, "A", 60, "192.0.2.1"),
                        variant("*.wild." + o, "A", 60, "192.0.2.2")))
                .build();
    }

    public static ClientMap geoMap() {
        return map("geo", java.util.List.of("eu", "us"), "10.0.0.0/8", "0", "10.1.0.0/16", "1", "2001:db8::/32", "0");
    }

    public static dev.vigil.proto.feed.v1.AnswerUpdate full(long index) {
        return Fixtures.full(index, zone()).toBuilder().addClientMaps(geoMap()).build();
    }
}
