package dev.vigil.controller.assign;

import dev.vigil.controller.model.DesiredState;
import dev.vigil.controller.model.HealthCheck;
import dev.vigil.proto.agent.v1.Assignment;
import dev.vigil.proto.agent.v1.CheckSpec;
import dev.vigil.proto.agent.v1.HttpProbe;
import dev.vigil.proto.agent.v1.Target;
import dev.vigil.proto.agent.v1.TcpProbe;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Which checks the agents of one region run, and what changes when the desired state does. Pure. */
public final class Assignments {

  private Assignments() {}

  /**
   * The checks an agent in {@code region} probes: enabled, probed (not CALCULATED) ones that name the region
   * (or no region), by id.
   */
  public static List<CheckSpec> forRegion(DesiredState desired, String region) {
    return desired.healthChecks().stream()
        .filter(c -> !c.disabled() && c.type().probed())
        .filter(c -> c.regions().isEmpty() || c.regions().contains(region))
        .sorted(Comparator.comparing(HealthCheck::id))
        .map(Assignments::spec)
        .toList();
  }

  static CheckSpec spec(HealthCheck check) {
    CheckSpec.Builder b = CheckSpec.newBuilder()
        .setId(check.id())
        .setTarget(Target.newBuilder()
            .setIpAddress(check.ipAddress())
            .setFqdn(check.fullyQualifiedDomainName())
            .setPort(check.port()))
        .setRequestIntervalSeconds(check.requestIntervalSeconds())
        .setMeasureLatency(check.measureLatency());
    if (check.type().http()) {
      b.setHttp(HttpProbe.newBuilder()
          .setTls(check.type().tls())
          .setResourcePath(check.resourcePath())
          .setSearchString(check.type().stringMatch() ? check.searchString() : "")
          .setEnableSni(check.enableSni())
          .setVerifyCertificate(check.verifyCertificate()));
    } else {
      b.setTcp(TcpProbe.getDefaultInstance());
    }
    return b.build();
  }

  public static Assignment full(long version, List<CheckSpec> specs) {
    return Assignment.newBuilder().setVersion(version).setFull(true).addAllUpserts(specs).build();
  }

  /** The change from {@code before} to {@code after} (matched by check id); empty when nothing changed. */
  public static Optional<Assignment> change(long version, List<CheckSpec> before, List<CheckSpec> after) {
    Map<String, CheckSpec> old = byId(before);
    Map<String, CheckSpec> now = byId(after);
    List<CheckSpec> upserts = new ArrayList<>();
    now.forEach((id, spec) -> {
      if (!spec.equals(old.get(id))) {
        upserts.add(spec);
      }
    });
    List<String> removed = old.keySet().stream().filter(id -> !now.containsKey(id)).sorted().toList();
    if (upserts.isEmpty() && removed.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(Assignment.newBuilder()
        .setVersion(version)
        .setFull(false)
        .addAllUpserts(upserts)
        .addAllRemovedCheckIds(removed)
        .build());
  }

  private static Map<String, CheckSpec> byId(List<CheckSpec> specs) {
    Map<String, CheckSpec> map = new LinkedHashMap<>();
    specs.forEach(s -> map.put(s.getId(), s));
    return map;
  }
}
