package dev.vigil.controller.cluster;

import dev.vigil.controller.health.HealthMemory;
import dev.vigil.controller.history.History;
import dev.vigil.controller.history.HistoryRetention;
import dev.vigil.controller.model.CheckHealth;
import dev.vigil.controller.model.ColdStart;
import dev.vigil.controller.model.FlapDamping;
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
        .setHealthyThreshold(c.healthyThreshold() == c.failureThreshold() ? 0 : c.healthyThreshold())
        .setUnhealthyThreshold(c.unhealthyThreshold() == c.failureThreshold() ? 0 : c.unhealthyThreshold())
        .setHealthyRegionsAtLeast(c.healthyRegionsAtLeast())
        .addAllChildHealthChecks(c.childHealthChecks())
        .setHealthThreshold(c.healthThreshold())
        .setColdStart(c.coldStart() == ColdStart.ROUTE53 ? "" : c.coldStart().name())
        .setFlapPenalty(c.flapDamping().penaltyPerFlap())
        .setFlapHalfLifeSeconds(c.flapDamping().enabled() ? (int) c.flapDamping().halfLifeSeconds() : 0)
        .setFlapSuppressAbove(c.flapDamping().enabled() ? c.flapDamping().suppressAbove() : 0)
        .setFlapReuseBelow(c.flapDamping().enabled() ? c.flapDamping().reuseBelow() : 0)
        .setFlapMaxSuppressSeconds(c.flapDamping().enabled() ? (int) c.flapDamping().maxSuppressSeconds() : 0)
        .setFailbackHoldDownSeconds(c.failbackHoldDownSeconds())
        .build();
  }

  private static FlapDamping damping(dev.vigil.proto.cluster.v1.HealthCheck p) {
    if (p.getFlapPenalty() <= 0) {
      return FlapDamping.OFF;
    }
    return new FlapDamping(p.getFlapPenalty(), Integer.toUnsignedLong(p.getFlapHalfLifeSeconds()),
        p.getFlapSuppressAbove(), p.getFlapReuseBelow(), Integer.toUnsignedLong(p.getFlapMaxSuppressSeconds()));
  }

  private static ColdStart coldStart(String text) {
    return text.isEmpty() ? ColdStart.ROUTE53 : ColdStart.valueOf(text);
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
        p.hasHealthyFractionAbove() ? p.getHealthyFractionAbove() : HealthCheck.ROUTE53_HEALTHY_FRACTION,
        p.getHealthyThreshold() == 0 ? Math.max(1, p.getFailureThreshold()) : p.getHealthyThreshold(),
        p.getUnhealthyThreshold() == 0 ? Math.max(1, p.getFailureThreshold()) : p.getUnhealthyThreshold(),
        p.getHealthyRegionsAtLeast(),
        p.getChildHealthChecksList(),
        p.getHealthThreshold(),
        coldStart(p.getColdStart()),
        damping(p),
        p.getFailbackHoldDownSeconds());
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
        .forEach(h -> b.addHealth(withMemory(toProto(h), state.memory().get(h.checkId()))));
    state.history().entries().forEach(e -> b.addHistory(HistoryCodec.toProto(e)));
    b.addAllKeptAnswers(RoutingCodec.keptAnswers(state));
    return b.build();
  }

  /** The state a snapshot taken at {@code appliedIndex} stands for, with the default history retention. */
  public static ControllerState fromSnapshot(StateSnapshot snapshot, long appliedIndex) {
    return fromSnapshot(snapshot, appliedIndex, HistoryRetention.DEFAULT);
  }

  /** The state a snapshot taken at {@code appliedIndex} stands for; its history is kept within {@code retention}. */
  public static ControllerState fromSnapshot(StateSnapshot snapshot, long appliedIndex, HistoryRetention retention) {
    Map<String, CheckHealth> health = new HashMap<>();
    Map<String, HealthMemory> memory = new HashMap<>();
    snapshot.getHealthList().forEach(p -> {
      health.put(p.getCheckId(), fromProto(p));
      if (p.hasVerdict()) {
        memory.put(p.getCheckId(), new HealthMemory(p.getVerdict(), Instant.ofEpochMilli(p.getVerdictSinceUnixMs()),
            p.getFlapPenalty(), Instant.ofEpochMilli(p.getFlapPenaltyAtUnixMs()), p.getSuppressed()));
      }
    });
    History history = new History(retention,
        snapshot.getHistoryList().stream().map(HistoryCodec::fromProto).toList()).withRetention(retention);
    return ControllerState.restored(
        fromProto(snapshot.getDesired()),
        health,
        RoutingCodec.keptAnswers(snapshot.getKeptAnswersList()),
        new AnswerVersion(snapshot.getAnswersTerm(), snapshot.getAnswersIndex()),
        snapshot.getConfigIndex() > 0 ? snapshot.getConfigIndex() : appliedIndex,
        appliedIndex,
        memory,
        history);
  }

  private static dev.vigil.proto.cluster.v1.CheckHealth withMemory(
      dev.vigil.proto.cluster.v1.CheckHealth health, HealthMemory m) {
    if (m == null) {
      return health;
    }
    return health.toBuilder()
        .setVerdict(m.verdict())
        .setVerdictSinceUnixMs(m.verdictSince().toEpochMilli())
        .setFlapPenalty(m.penalty())
        .setFlapPenaltyAtUnixMs(m.penaltyAt().toEpochMilli())
        .setSuppressed(m.suppressed())
        .build();
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
