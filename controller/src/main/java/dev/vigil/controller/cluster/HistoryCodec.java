package dev.vigil.controller.cluster;

import dev.vigil.controller.history.HistoryEntry;
import java.time.Instant;

/** Converts history entries to and from {@code vigil.cluster.v1.HistoryEntry} (snapshots). */
final class HistoryCodec {

  private HistoryCodec() {}

  static dev.vigil.proto.cluster.v1.HistoryEntry toProto(HistoryEntry e) {
    return dev.vigil.proto.cluster.v1.HistoryEntry.newBuilder()
        .setIndex(e.index())
        .setAtUnixMs(e.at() == null ? 0 : e.at().toEpochMilli())
        .setKind(e.kind().name())
        .setCheckId(e.checkId())
        .setName(e.name())
        .setType(e.type())
        .setBefore(e.before())
        .setAfter(e.after())
        .setCause(e.cause())
        .addAllCauseChecks(e.causeChecks())
        .build();
  }

  /** @throws IllegalArgumentException for an unknown kind */
  static HistoryEntry fromProto(dev.vigil.proto.cluster.v1.HistoryEntry p) {
    return new HistoryEntry(p.getIndex(), p.getAtUnixMs() == 0 ? null : Instant.ofEpochMilli(p.getAtUnixMs()),
        HistoryEntry.Kind.valueOf(p.getKind()), p.getCheckId(), p.getName(), p.getType(), p.getBefore(),
        p.getAfter(), p.getCause(), p.getCauseChecksList());
  }
}
