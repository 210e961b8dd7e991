package dev.vigil.controller.publish;

import dev.vigil.controller.answers.AnswerDiff;
import dev.vigil.controller.answers.AnswerRRset;
import dev.vigil.controller.answers.AnswerSet;
import dev.vigil.controller.answers.RRsetKey;
import dev.vigil.controller.answers.SelectiveRRset;
import dev.vigil.controller.answers.ZoneAnswers;
import dev.vigil.controller.answers.ZoneChange;
import dev.vigil.controller.cluster.AnswerVersion;
import dev.vigil.controller.routing.ClientTable;
import dev.vigil.controller.routing.Content;
import dev.vigil.proto.feed.v1.AnswerUpdate;
import dev.vigil.proto.feed.v1.Choice;
import dev.vigil.proto.feed.v1.ClientMap;
import dev.vigil.proto.feed.v1.ClientPrefix;
import dev.vigil.proto.feed.v1.RRset;
import dev.vigil.proto.feed.v1.Variant;
import dev.vigil.proto.feed.v1.Version;
import dev.vigil.proto.feed.v1.WeightedVariant;
import dev.vigil.proto.feed.v1.ZoneUpdate;
import com.google.protobuf.ByteString;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/** The one converter from answers to the dns-node feed (vigil.feed.v1). */
public final class FeedCodec {

  private FeedCodec() {}

  /** Every zone and client map, completely: replaces whatever the node has. */
  public static AnswerUpdate full(AnswerSet answers, AnswerVersion version, Instant producedAt) {
    AnswerUpdate.Builder b = AnswerUpdate.newBuilder()
        .setVersion(version(version))
        .setFull(true)
        .setProducedAtUnixMs(producedAt.toEpochMilli());
    answers.zones().values().stream()
        .sorted(Comparator.comparing(ZoneAnswers::origin))
        .forEach(zone -> b.addZones(zone(zone)));
    answers.clientMaps().values().stream()
        .sorted(Comparator.comparing(ClientTable::name))
        .forEach(map -> b.addClientMaps(clientMap(map)));
    return b.build();
  }

  /** Only what changed since {@code base}. */
  public static AnswerUpdate change(AnswerDiff diff, AnswerVersion base, AnswerVersion version, Instant producedAt) {
    AnswerUpdate.Builder b = AnswerUpdate.newBuilder()
        .setVersion(version(version))
        .setBase(version(base))
        .setFull(false)
        .setProducedAtUnixMs(producedAt.toEpochMilli());
    for (ZoneChange change : diff.changedZones()) {
      ZoneUpdate.Builder z = ZoneUpdate.newBuilder().setOrigin(name(change.origin()));
      change.upserts().forEach(r -> z.addUpserts(rrset(r)));
      change.removals().forEach(k -> z.addRemovals(key(k)));
      change.selectiveUpserts().forEach(r -> z.addSelectiveUpserts(selective(r)));
      b.addZones(z);
    }
    diff.removedZones().forEach(origin -> b.addRemovedZones(name(origin)));
    diff.clientMapUpserts().forEach(map -> b.addClientMaps(clientMap(map)));
    b.addAllRemovedClientMaps(diff.removedClientMaps());
    return b.build();
  }

  public static ZoneUpdate zone(ZoneAnswers zone) {
    ZoneUpdate.Builder z = ZoneUpdate.newBuilder().setOrigin(name(zone.origin()));
    zone.rrsets().values().stream()
        .sorted(Comparator.comparing(AnswerRRset::key))
        .forEach(r -> z.addUpserts(rrset(r)));
    zone.selective().values().stream()
        .sorted(Comparator.comparing(SelectiveRRset::key))
        .forEach(r -> z.addSelectiveUpserts(selective(r)));
    return z.build();
  }

  static RRset rrset(AnswerRRset rrset) {
    RRset.Builder b = RRset.newBuilder()
        .setName(name(rrset.name()))
        .setType(rrset.type())
        .setTtl(ttl(rrset.ttl()));
    for (Record record : rrset.records()) {
      b.addRdata(ByteString.copyFrom(record.rdataToWireCanonical()));
    }
    return b.build();
  }

  static dev.vigil.proto.feed.v1.SelectiveRRset selective(SelectiveRRset rrset) {
    var b = dev.vigil.proto.feed.v1.SelectiveRRset.newBuilder()
        .setName(name(rrset.name()))
        .setType(rrset.type())
        .setClientMap(rrset.clientMap())
        .setFallback(choice(rrset.fallback()));
    for (Content variant : rrset.variants()) {
      Variant.Builder v = Variant.newBuilder().setTtl(ttl(variant.ttl()));
      variant.records().forEach(r -> v.addRdata(ByteString.copyFrom(r.rdataToWireCanonical())));
      b.addVariants(v);
    }
    rrset.byLabel().forEach((label, options) -> b.putByLabel(label, choice(options)));
    return b.build();
  }

  private static Choice choice(List<SelectiveRRset.Option> options) {
    Choice.Builder c = Choice.newBuilder();
    options.forEach(o -> c.addOptions(WeightedVariant.newBuilder().setVariant(o.variant())
        .setWeight((int) Math.min(o.weight(), 0xFFFF_FFFFL))));
    return c.build();
  }

  static ClientMap clientMap(ClientTable table) {
    ClientMap.Builder b = ClientMap.newBuilder().setName(table.name()).addAllLabels(table.labels());
    for (ClientTable.Prefix prefix : table.prefixes()) {
      b.addPrefixes(ClientPrefix.newBuilder()
          .setAddress(ByteString.copyFrom(prefix.cidr().address()))
          .setPrefixLength(prefix.cidr().prefixLength())
          .setLabel(prefix.label()));
    }
    return b.build();
  }

  /**
   * The answers of one zone as encoded by {@link #zone} (for state snapshots).
   *
   * @throws IllegalArgumentException for a name or record that does not parse
   */
  public static ZoneAnswers zoneAnswers(ZoneUpdate zone) {
    Name origin = Name.fromConstantString(zone.getOrigin());
    java.util.Map<RRsetKey, AnswerRRset> rrsets = new java.util.HashMap<>();
    for (RRset r : zone.getUpsertsList()) {
      Name name = Name.fromConstantString(r.getName());
      AnswerRRset rrset = new AnswerRRset(name, r.getType(), Integer.toUnsignedLong(r.getTtl()),
          records(name, r.getType(), Integer.toUnsignedLong(r.getTtl()), r.getRdataList()));
      rrsets.put(rrset.key(), rrset);
    }
    java.util.Map<RRsetKey, SelectiveRRset> selective = new java.util.HashMap<>();
    for (var s : zone.getSelectiveUpsertsList()) {
      Name name = Name.fromConstantString(s.getName());
      List<Content> variants = s.getVariantsList().stream().map(v -> new Content(Integer.toUnsignedLong(v.getTtl()),
          records(name, s.getType(), Integer.toUnsignedLong(v.getTtl()), v.getRdataList()))).toList();
      java.util.Map<Integer, List<SelectiveRRset.Option>> byLabel = new java.util.TreeMap<>();
      s.getByLabelMap().forEach((label, choice) -> byLabel.put(label, options(choice)));
      SelectiveRRset rrset = new SelectiveRRset(name, s.getType(), variants, s.getClientMap(), byLabel,
          options(s.getFallback()));
      selective.put(rrset.key(), rrset);
    }
    return new ZoneAnswers(origin, rrsets, selective);
  }

  private static List<Record> records(Name name, int type, long ttl, List<ByteString> rdata) {
    List<Record> records = new java.util.ArrayList<>();
    for (ByteString bytes : rdata) {
      try {
        records.add(Record.newRecord(name, type, org.xbill.DNS.DClass.IN, ttl, bytes.toByteArray()));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(name + " " + type + ": bad rdata: " + e.getMessage(), e);
      }
    }
    return records;
  }

  private static List<SelectiveRRset.Option> options(Choice choice) {
    return choice.getOptionsList().stream()
        .map(o -> new SelectiveRRset.Option(o.getVariant(), Integer.toUnsignedLong(o.getWeight()))).toList();
  }

  static dev.vigil.proto.feed.v1.RRsetKey key(RRsetKey key) {
    return dev.vigil.proto.feed.v1.RRsetKey.newBuilder().setName(name(key.name())).setType(key.type()).build();
  }

  public static Version version(AnswerVersion v) {
    return Version.newBuilder().setTerm(v.term()).setIndex(v.index()).build();
  }

  static String name(Name name) {
    return name.toString().toLowerCase(Locale.ROOT);
  }

  private static int ttl(long ttl) {
    return (int) Math.min(ttl, 0xFFFF_FFFFL);
  }
}
