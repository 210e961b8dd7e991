package dev.vigil.agent.link;

import dev.vigil.agent.assignment.AssignmentUpdate;
import dev.vigil.agent.probe.Check;
import dev.vigil.agent.probe.Endpoint;
import dev.vigil.agent.probe.FailureKind;
import dev.vigil.agent.probe.Latency;
import dev.vigil.agent.probe.Observation;
import dev.vigil.agent.probe.ProbeResult;
import dev.vigil.agent.probe.ProbeSpec;
import dev.vigil.agent.probe.Target;
import dev.vigil.proto.agent.v1.Assignment;
import dev.vigil.proto.agent.v1.CheckSpec;
import dev.vigil.proto.agent.v1.ObservationBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where vigil.agent.v1 protobuf meets the agent's records. */
public final class WireCodec {

  private static final Logger log = LoggerFactory.getLogger(WireCodec.class);

  private WireCodec() {}

  /** Thrown for a CheckSpec the agent cannot run; the message says why. */
  public static final class InvalidCheck extends Exception {
    InvalidCheck(String message) {
      super(message);
    }
  }

  /**
   * Converts an assignment. A check that cannot be run is left out with a WARN (and, in a change, removed, so a
   * stale version of it does not keep running): bad input never stops the agent.
   */
  public static AssignmentUpdate update(Assignment a) {
    List<Check> upserts = new ArrayList<>();
    List<String> removed = new ArrayList<>(a.getRemovedCheckIdsList());
    for (CheckSpec spec : a.getUpsertsList()) {
      try {
        upserts.add(check(spec));
      } catch (InvalidCheck e) {
        log.warn("event=check.invalid check={} version={} reason=\"{}\"", spec.getId(), a.getVersion(),
            e.getMessage());
        removed.add(spec.getId());
      }
    }
    return new AssignmentUpdate(a.getVersion(), a.getFull(), upserts, removed);
  }

  public static Check check(CheckSpec spec) throws InvalidCheck {
    if (spec.getId().isEmpty()) {
      throw new InvalidCheck("empty id");
    }
    if (spec.getRequestIntervalSeconds() < 1) {
      throw new InvalidCheck("request_interval_seconds must be at least 1");
    }
    var t = spec.getTarget();
    if (t.getPort() < 1 || t.getPort() > 65535) {
      throw new InvalidCheck("port must be 1-65535, got " + t.getPort());
    }
    if (t.getIpAddress().isEmpty() && t.getFqdn().isEmpty()) {
      throw new InvalidCheck("target has neither ip_address nor fqdn");
    }
    if (!t.getIpAddress().isEmpty() && !Endpoint.isIpLiteral(t.getIpAddress())) {
      throw new InvalidCheck("ip_address is not an IP literal: " + t.getIpAddress());
    }
    ProbeSpec probe = switch (spec.getProbeCase()) {
      case HTTP -> {
        var h = spec.getHttp();
        if (h.getResourcePath().chars().anyMatch(c -> c <= ' ' || c > '~')) {
          throw new InvalidCheck("resource_path must be printable ASCII without spaces");
        }
        yield new ProbeSpec.Http(h.getTls(), h.getResourcePath(), h.getSearchString(), h.getEnableSni(),
            h.getVerifyCertificate());
      }
      case TCP -> new ProbeSpec.Tcp();
      case PROBE_NOT_SET -> throw new InvalidCheck("no probe kind (http or tcp)");
    };
    return new Check(spec.getId(), probe, new Target(t.getIpAddress(), t.getFqdn(), t.getPort()),
        Duration.ofSeconds(spec.getRequestIntervalSeconds()), spec.getMeasureLatency());
  }

  public static dev.vigil.proto.agent.v1.AgentHealth health(dev.vigil.agent.canary.NetworkHealth h, Duration interval) {
    return dev.vigil.proto.agent.v1.AgentHealth.newBuilder()
        .setNetworkOk(h.networkOk())
        .setCanariesTotal(h.total())
        .setCanariesHealthy(h.healthy())
        .setCheckedAtUnixMs(h.checkedAtMillis())
        .setDetail(h.detail())
        .setIntervalSeconds((int) Math.max(1, interval.toSeconds()))
        .build();
  }

  public static ObservationBatch batch(long sequence, List<Observation> observations, long droppedTotal) {
    ObservationBatch.Builder b = ObservationBatch.newBuilder().setSequence(sequence).setDroppedTotal(droppedTotal);
    observations.forEach(o -> b.addObservations(observation(o)));
    return b.build();
  }

  public static dev.vigil.proto.agent.v1.Observation observation(Observation o) {
    ProbeResult r = o.result();
    Latency l = r.latency();
    return dev.vigil.proto.agent.v1.Observation.newBuilder()
        .setCheckId(o.checkId())
        .setObservedAtUnixMs(o.observedAtMillis())
        .setHealthy(r.healthy())
        .setFailure(failure(r.failure()))
        .setDetail(r.detail())
        .setResolvedIp(r.resolvedIp())
        .setLatency(dev.vigil.proto.agent.v1.Latency.newBuilder()
            .setConnectUs(u32(l.connectMicros()))
            .setTlsHandshakeUs(u32(l.tlsHandshakeMicros()))
            .setFirstByteUs(u32(l.firstByteMicros()))
            .setTotalUs(u32(l.totalMicros())))
        .setStatusCode(r.statusCode())
        .setCertificateNotAfterUnixMs(r.certificateNotAfterMillis())
        .setRequested(o.requested())
        .build();
  }

  public static dev.vigil.proto.agent.v1.FailureKind failure(FailureKind kind) {
    return switch (kind) {
      case NONE -> dev.vigil.proto.agent.v1.FailureKind.FAILURE_KIND_UNSPECIFIED;
      case CONNECTION_REFUSED -> dev.vigil.proto.agent.v1.FailureKind.CONNECTION_REFUSED;
      case CONNECT_TIMEOUT -> dev.vigil.proto.agent.v1.FailureKind.CONNECT_TIMEOUT;
      case RESPONSE_TIMEOUT -> dev.vigil.proto.agent.v1.FailureKind.RESPONSE_TIMEOUT;
      case BODY_TIMEOUT -> dev.vigil.proto.agent.v1.FailureKind.BODY_TIMEOUT;
      case BAD_STATUS -> dev.vigil.proto.agent.v1.FailureKind.BAD_STATUS;
      case SEARCH_STRING_NOT_FOUND -> dev.vigil.proto.agent.v1.FailureKind.SEARCH_STRING_NOT_FOUND;
      case TLS_FAILURE -> dev.vigil.proto.agent.v1.FailureKind.TLS_FAILURE;
      case DNS_RESOLUTION_FAILED -> dev.vigil.proto.agent.v1.FailureKind.DNS_RESOLUTION_FAILED;
      case PROTOCOL_ERROR -> dev.vigil.proto.agent.v1.FailureKind.PROTOCOL_ERROR;
      case NETWORK_ERROR -> dev.vigil.proto.agent.v1.FailureKind.NETWORK_ERROR;
    };
  }

  private static int u32(long micros) {
    return (int) Math.min(micros, 0xFFFF_FFFFL);
  }
}
