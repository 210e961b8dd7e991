package dev.vigil.controller.assign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.controller.Fixtures;
import dev.vigil.controller.model.CheckType;
import dev.vigil.controller.model.DesiredState;
import dev.vigil.controller.model.HealthCheck;
import dev.vigil.proto.agent.v1.Assignment;
import dev.vigil.proto.agent.v1.CheckSpec;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AssignmentsTest {

  static final DesiredState STATE = new DesiredState(List.of(
      Fixtures.check("everywhere", 3, false, false, List.of()),
      Fixtures.check("eu-only", 3, false, false, List.of("eu")),
      Fixtures.check("eu-and-us", 3, true, false, List.of("eu", "us")),
      Fixtures.check("off", 3, false, true, List.of())), List.of());

  static Stream<Arguments> regions() {
    return Stream.of(
        Arguments.of("eu", List.of("eu-and-us", "eu-only", "everywhere")),
        Arguments.of("us", List.of("eu-and-us", "everywhere")),
        Arguments.of("ap", List.of("everywhere")));
  }

  @ParameterizedTest
  @MethodSource("regions")
  void regionGetsEnabledChecksThatIncludeIt(String region, List<String> expected) {
    assertEquals(expected, Assignments.forRegion(STATE, region).stream().map(CheckSpec::getId).toList());
  }

  @Test
  void httpCheckBecomesHttpProbeWithTarget() {
    HealthCheck c = new HealthCheck("s", CheckType.HTTPS_STR_MATCH, "", "svc.test", 8443, "/h", "OK", 10, 2,
        true, false, false, true, List.of());

    CheckSpec spec = Assignments.spec(c);

    assertTrue(spec.getHttp().getTls());
    assertEquals("/h", spec.getHttp().getResourcePath());
    assertEquals("OK", spec.getHttp().getSearchString());
    assertTrue(spec.getHttp().getEnableSni());
    assertEquals("svc.test", spec.getTarget().getFqdn());
    assertEquals(8443, spec.getTarget().getPort());
    assertEquals(10, spec.getRequestIntervalSeconds());
    assertTrue(spec.getMeasureLatency());
    assertFalse(spec.getHttp().getVerifyCertificate());
  }

  @Test
  void verifyCertificateReachesTheAgent() {
    HealthCheck c = new HealthCheck("v", CheckType.HTTPS, "127.0.0.2", "svc.test", 443, "/", "", 10, 3,
        false, false, false, true, List.of(), true, HealthCheck.ROUTE53_HEALTHY_FRACTION);

    assertTrue(Assignments.spec(c).getHttp().getVerifyCertificate());
  }

  @Test
  void tcpCheckBecomesTcpProbe() {
    HealthCheck c = new HealthCheck("t", CheckType.TCP, "192.0.2.9", "", 22, "", "", 30, 3,
        false, false, false, false, List.of());

    CheckSpec spec = Assignments.spec(c);

    assertTrue(spec.hasTcp());
    assertEquals("192.0.2.9", spec.getTarget().getIpAddress());
  }

  @Test
  void changeCarriesUpsertsAndRemovalsById() {
    List<CheckSpec> before = Assignments.forRegion(STATE, "eu");
    DesiredState next = new DesiredState(List.of(
        Fixtures.check("everywhere", 3, false, false, List.of()),
        new HealthCheck("eu-only", CheckType.HTTP, "127.0.0.1", "", 9090, "/", "", 1, 3, false, false, false, false,
            List.of("eu")),
        Fixtures.check("new", 3, false, false, List.of())), List.of());

    Assignment change = Assignments.change(8, before, Assignments.forRegion(next, "eu")).orElseThrow();

    assertFalse(change.getFull());
    assertEquals(8, change.getVersion());
    assertEquals(List.of("eu-only", "new"), change.getUpsertsList().stream().map(CheckSpec::getId).sorted().toList());
    assertEquals(List.of("eu-and-us"), change.getRemovedCheckIdsList());
  }

  @Test
  void noChangeWhenSpecsAreEqual() {
    List<CheckSpec> specs = Assignments.forRegion(STATE, "eu");

    assertTrue(Assignments.change(2, specs, specs).isEmpty());
  }
}
