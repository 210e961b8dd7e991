package dev.vigil.controller;

import dev.vigil.controller.model.CheckType;
import dev.vigil.controller.model.DesiredState;
import dev.vigil.controller.model.Failover;
import dev.vigil.controller.model.HealthCheck;
import dev.vigil.controller.model.HostedZone;
import dev.vigil.controller.model.RecordSet;
import java.util.List;

/** Small desired states for tests: one zone, www failover between a checked primary and a secondary. */
public final class Fixtures {

  private Fixtures() {}

  public static HealthCheck httpCheck(String id) {
    return check(id, 1, false, false, List.of());
  }

  public static HealthCheck check(String id, int failureThreshold, boolean inverted, boolean disabled, List<String> regions) {
    return new HealthCheck(
        id, CheckType.HTTP, "127.0.0.1", "", 8080, "/", "", 1, failureThreshold, false, inverted, disabled, false, regions);
  }

  public static RecordSet primary(String name, String ip, String checkId) {
    return new RecordSet(name, "A", 60, "primary", Failover.PRIMARY, checkId, List.of(ip));
  }

  public static RecordSet secondary(String name, String ip) {
    return new RecordSet(name, "A", 60, "secondary", Failover.SECONDARY, "", List.of(ip));
  }

  public static RecordSet simple(String name, String type, String... values) {
    return new RecordSet(name, type, 300, "", Failover.NONE, "", List.of(values));
  }

  /** Zone example.test.: www failover 192.0.2.1 (check "web") / 192.0.2.2, and a simple TXT. */
  public static DesiredState failoverState() {
    return new DesiredState(
        List.of(httpCheck("web")),
        List.of(new HostedZone("example.test.", List.of(
            primary("www.example.test.", "192.0.2.1", "web"),
            secondary("www.example.test.", "192.0.2.2"),
            simple("info.example.test.", "TXT", "\"hello\"")))));
  }
}
