package dev.vigil.controller.cluster;

import dev.vigil.controller.model.CheckHealth;
import dev.vigil.controller.model.CheckType;
import dev.vigil.controller.model.DesiredState;
import dev.vigil.controller.model.Failover;
import dev.vigil.controller.model.HealthCheck;
import dev.vigil.controller.model.HostedZone;
import dev.vigil.controller.model.RecordSet;
import dev.vigil.controller.model.RoutingConfig;
import dev.vigil.proto.cluster.v1.ResourceRecordSet;
import dev.vigil.proto.cluster.v1.StateSnapshot;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** The one converter between the controller's records and the replicated protobuf (vigil.cluster.v1). */
public final class StateCodec {

  private StateCodec() {}

  public static dev.vigil.proto.cluster.v1.DesiredState toProto(DesiredState desired) {
    var b = dev.vigil.proto.cluster.v1.DesiredState.newBuilder();
    desired.healthChecks().forEach(c -> b.addHealthChecks(toProto(c)));
    desired.hostedZones().forEach(z -> b.addHostedZones(toProto(z)));
    if (!desired.api().equals(dev.vigil.controller.model.ApiMetadata.EMPTY)) {
      b.setApi(ApiCodec.toProto(desired.api()));
    }
    if (!desired.routing().equals(RoutingConfig.EMPTY)) {
      b.setRouting(RoutingCodec.toProto(desired.routing()));
    }
    return b.build();
  }

  /** @throws IllegalArgumentException for an unknown check type or failover value */
  public static DesiredState fromProto(dev.vigil.proto.cluster.v1.DesiredState proto) {
    return new DesiredState(
        proto.getHealthChecksList().stream().map(StateCodec::fromProto).toList(),
        proto.getHostedZonesList().stream().map(StateCodec::fromProto).toList(),
        RoutingCodec.fromProto(proto.getRouting()),
        ApiCodec.fromProto(proto.getApi()));
  }

  static dev.vigil.proto.cluster.v1.HealthCheck toProto(HealthCheck c) {
    return dev.vigil.proto.cluster.v1.HealthCheck.newBuilder()
        .setId(c.id())
        .setType(c.type().name())
        .setIpAddress(nonNull(c.ipAddress()))
        .setFullyQualifiedDomainName(nonNull(c.fullyQualifiedDomainName()))
        .setPort(c.port())
        .setResourcePath(nonNull(c.resourcePath()))
        .setSearchString(nonNull(c.searchString()))
        .setRequestInterval(c.requestIntervalSeconds())
        .setFailureThreshold(c.failureThreshold())
        .setMeasureLatency(c.measureLatency())
        .setInverted(c.inverted())
        .setDisabled(c.disabled())
        .setEnableSni(c.enableSni())
        .addAllRegions(c.regions())
        .setVerifyCertificate(c.verifyCertificate())
        .setHealthyFractionAbove(c.healthyFractionAbove())
        .build();
  }

  static HealthCheck fromProto(dev.vigil.proto.cluster.v1.HealthCheck p) {
    return new HealthCheck(
        p.getId(),
        CheckType.valueOf(p.getType()),
        p.getIpAddress(),
        p.getFullyQualifiedDomainName(),
        p.getPort(),
        p.getResourcePath(),
        p.getSearchString(),
        p.getRequestInterval(),
        p.getFailureThreshold(),
        p.getMeasureLatency(),
        p.getInverted(),
        p.getDisabled(),
        p.getEnableSni(),
        p.getRegionsList(),
        p.getVerifyCertificate(),
        p.hasHealthyFractionAbove() ? p.getHealthyFractionAbove() : HealthCheck.ROUTE53_HEALTHY_FRACTION);
  }

  static dev.vigil.proto.cluster.v1.HostedZone toProto(HostedZone z) {
    var b = dev.vigil.proto.cluster.v1.HostedZone.newBuilder().setName(z.name());
    z.recordSets().forEach(r -> b.addRecordSets(toProto(r)));
    return b.build();
  }

  static HostedZone fromProto(dev.vigil.proto.cluster.v1.HostedZone p) {
    return new HostedZone(p.getName(), p.getRecordSetsList().stream().map(StateCodec::fromProto).toList());
  }

  static ResourceRecordSet toProto(RecordSet r) {
    ResourceRecordSet.Builder b = ResourceRecordSet.newBuilder()
        .setName(r.name())
        .setType(r.type())
        .setTtl(uint32(r.ttl(), "TTL"))
        .setSetIdentifier(nonNull(r.setIdentifier()))
        .setFailover(toProto(r.failover()))
        .setHealthCheckId(nonNull(r.healthCheckId()))
        .addAllValues(r.values());
    RoutingCodec.addRouting(b, r);
    return b.build();
  }

  static RecordSet fromProto(ResourceRecordSet p) {
    return new RecordSet(
        p.getName(),
        p.getType(),
        Integer.toUnsignedLong(p.getTtl()),
        p.getSetIdentifier(),
        fromProto(p.getFailover()),
        p.getHealthCheckId(),
        p.getValuesList(),
        RoutingCodec.routing(p),
        RoutingCodec.aliasTarget(p),
        RoutingCodec.allUnhealthy(p));
  }

  static dev.vigil.proto.cluster.v1.Failover toProto(Failover f) {
    return switch (f == null ? Failover.NONE : f) {
      case NONE -> dev.vigil.proto.cluster.v1.Failover.FAILOVER_NONE;
      case PRIMARY -> dev.vigil.proto.cluster.v1.Failover.PRIMARY;
      case SECONDARY -> dev.vigil.proto.cluster.v1.Failover.SECONDARY;
    };
  }

  static Failover fromProto(dev.vigil.proto.cluster.v1.Failover f) {
    return switch (f) {
      case FAILOVER_NONE -> Failover.NONE;
      case PRIMARY -> Failover.PRIMARY;
      case SECONDARY -> Failover.SECONDARY;
      case UNRECOGNIZED -> throw new IllegalArgumentException("unknown Failover value");
    };
  }

  public static dev.vigil.proto.cluster.v1.CheckHealth toProto(CheckHealth h) {
    return dev.vigil.proto.cluster.v1.CheckHealth.newBuilder()
        .setCheckId(h.checkId())
        .setHealthy(h.healthy())
        .setSinceUnixMs(h.since().toEpochMilli())
        .setCause(nonNull(h.cause()))
        .build();
  }

  public static CheckHealth fromProto(dev.vigil.proto.cluster.v1.CheckHealth p) {
    return new CheckHealth(p.getCheckId(), p.getHealthy(), Instant.ofEpochMilli(p.getSinceUnixMs()), p.getCause());
  }

  /** Everything needed to rebuild the state without the log (answers are recompiled on load). */
  public static StateSnapshot toSnapshot(ControllerState state) {
    var b = StateSnapshot.newBuilder()
        .setDesired(toProto(state.desired()))
        .setAnswersTerm(state.answersVersion().term())
        .setAnswersIndex(state.answersVersion().index())
        .setConfigIndex(state.configIndex());
    state.health().values().stream()
        .sorted(java.util.Comparator.comparing(CheckHealth::checkId))
        .forEach(h -> b.addHealth(toProto(h)));
    b.addAllKeptAnswers(RoutingCodec.keptAnswers(state));
    return b.build();
  }

  /** The state a snapshot taken at {@code appliedIndex} stands for. */
  public static ControllerState fromSnapshot(StateSnapshot snapshot, long appliedIndex) {
    Map<String, CheckHealth> health = new HashMap<>();
    snapshot.getHealthList().forEach(p -> health.put(p.getCheckId(), fromProto(p)));
    return ControllerState.restored(
        fromProto(snapshot.getDesired()),
        health,
        RoutingCodec.keptAnswers(snapshot.getKeptAnswersList()),
        new AnswerVersion(snapshot.getAnswersTerm(), snapshot.getAnswersIndex()),
        snapshot.getConfigIndex() > 0 ? snapshot.getConfigIndex() : appliedIndex,
        appliedIndex);
  }

  private static int uint32(long value, String what) {
    if (value < 0 || value > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException(what + " " + value + " is outside 0-4294967295");
    }
    return (int) value;
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }
}
