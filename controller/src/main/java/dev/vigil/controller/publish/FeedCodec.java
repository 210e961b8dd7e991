package dev.vigil.controller.publish;

import dev.vigil.controller.answers.AnswerDiff;
import dev.vigil.controller.answers.AnswerRRset;
import dev.vigil.controller.answers.AnswerSet;
import dev.vigil.controller.answers.RRsetKey;
import dev.vigil.controller.answers.ZoneAnswers;
import dev.vigil.controller.answers.ZoneChange;
import dev.vigil.controller.cluster.AnswerVersion;
import dev.vigil.proto.feed.v1.AnswerUpdate;
import dev.vigil.proto.feed.v1.RRset;
import dev.vigil.proto.feed.v1.Version;
import dev.vigil.proto.feed.v1.ZoneUpdate;
import com.google.protobuf.ByteString;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/** The one converter from answers to the dns-node feed (vigil.feed.v1). */
public final class FeedCodec {

  private FeedCodec() {}

  /** Every zone, completely: replaces whatever the node has. */
  public static AnswerUpdate full(AnswerSet answers, AnswerVersion version, Instant producedAt) {
    AnswerUpdate.Builder b = AnswerUpdate.newBuilder()
        .setVersion(version(version))
        .setFull(true)
        .setProducedAtUnixMs(producedAt.toEpochMilli());
    answers.zones().values().stream()
        .sorted(Comparator.comparing(ZoneAnswers::origin))
        .forEach(zone -> b.addZones(zone(zone)));
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
      b.addZones(z);
    }
    diff.removedZones().forEach(origin -> b.addRemovedZones(name(origin)));
    return b.build();
  }

  static ZoneUpdate zone(ZoneAnswers zone) {
    ZoneUpdate.Builder z = ZoneUpdate.newBuilder().setOrigin(name(zone.origin()));
    zone.rrsets().values().stream()
        .sorted(Comparator.comparing(AnswerRRset::key))
        .forEach(r -> z.addUpserts(rrset(r)));
    return z.build();
  }

  static RRset rrset(AnswerRRset rrset) {
    RRset.Builder b = RRset.newBuilder()
        .setName(name(rrset.name()))
        .setType(rrset.type())
        .setTtl((int) Math.min(rrset.ttl(), 0xFFFF_FFFFL));
    for (Record record : rrset.records()) {
      b.addRdata(ByteString.copyFrom(record.rdataToWireCanonical()));
    }
    return b.build();
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
}
