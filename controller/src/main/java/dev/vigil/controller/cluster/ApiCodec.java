package dev.vigil.controller.cluster;

import dev.vigil.controller.model.ApiMetadata;
import dev.vigil.proto.cluster.v1.ApiChangeRecord;
import dev.vigil.proto.cluster.v1.ApiCheck;
import dev.vigil.proto.cluster.v1.ApiZone;
import java.time.Instant;

/** The admin API's metadata between records and the replicated protobuf (part of {@link StateCodec}). */
final class ApiCodec {

  private ApiCodec() {}

  static dev.vigil.proto.cluster.v1.ApiMetadata toProto(ApiMetadata api) {
    var b = dev.vigil.proto.cluster.v1.ApiMetadata.newBuilder();
    api.zones().forEach(z -> b.addZones(ApiZone.newBuilder().setName(z.name()).setId(z.id())
        .setCallerReference(z.callerReference()).setComment(z.comment()).setChangeId(z.changeId())));
    api.checks().forEach(c -> b.addChecks(ApiCheck.newBuilder().setId(c.id())
        .setCallerReference(c.callerReference()).setVersion(c.version())));
    api.changes().forEach(c -> b.addChanges(toProto(c)));
    b.addAllRetiredCheckReferences(api.retiredCheckReferences());
    return b.build();
  }

  static ApiMetadata fromProto(dev.vigil.proto.cluster.v1.ApiMetadata p) {
    return new ApiMetadata(
        p.getZonesList().stream()
            .map(z -> new ApiMetadata.Zone(z.getName(), z.getId(), z.getCallerReference(), z.getComment(),
                z.getChangeId())).toList(),
        p.getChecksList().stream()
            .map(c -> new ApiMetadata.Check(c.getId(), c.getCallerReference(), c.getVersion())).toList(),
        p.getChangesList().stream().map(ApiCodec::fromProto).toList(),
        p.getRetiredCheckReferencesList());
  }

  static ApiChangeRecord toProto(ApiMetadata.Change c) {
    return ApiChangeRecord.newBuilder().setId(c.id()).setIndex(c.index())
        .setSubmittedAtUnixMs(c.submittedAt().toEpochMilli()).setComment(c.comment()).build();
  }

  static ApiMetadata.Change fromProto(ApiChangeRecord p) {
    return new ApiMetadata.Change(p.getId(), p.getIndex(), Instant.ofEpochMilli(p.getSubmittedAtUnixMs()),
        p.getComment());
  }
}
