package dev.vigil.controller.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.vigil.controller.cluster.StateCodec;
import dev.vigil.controller.model.ColdStart;
import dev.vigil.controller.model.DesiredState;
import dev.vigil.controller.model.FlapDamping;
import dev.vigil.controller.model.HealthCheck;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The config of CALCULATED checks (Route 53 names) and of the native health rules. */
@Timeout(10)
class HealthRulesConfigTest {

  static final String CHILDREN = """
      HealthChecks:
        - {Id: a, HealthCheckConfig: {Type: TCP, IPAddress: 127.0.0.2, Port: 1}}
        - {Id: b, HealthCheckConfig: {Type: TCP, IPAddress: 127.0.0.3, Port: 1}}
      """;

  static String calc(String config) {
    return CHILDREN + "  - {Id: calc, HealthCheckConfig: {Type: CALCULATED, " + config + "}}\n";
  }

  @Test
  void readsACalculatedCheck() throws Exception {
    DesiredState state = ConfigLoader.parse(calc("ChildHealthChecks: [a, b], HealthThreshold: 1, Inverted: true"),
        "calc.yaml");
    HealthCheck expected = HealthCheck.calculated("calc", List.of("a", "b"), 1).withFlags(true, false, ColdStart.ROUTE53);
    assertEquals(expected, state.healthCheck("calc").orElseThrow());
    assertEquals(state, StateCodec.fromProto(StateCodec.toProto(state)));
  }

  @Test
  void readsEveryNativeHealthRule() throws Exception {
    DesiredState state = ConfigLoader.parse("""
        HealthChecks:
          - Id: web
            HealthCheckConfig:
              Type: HTTP
              IPAddress: 127.0.0.2
              FailureThreshold: 3
              HealthyThreshold: 5
              UnhealthyThreshold: 1
              HealthQuorum: {HealthyRegionsAtLeast: 2}
              ColdStartHealthStatus: Unhealthy
              FlapDamping: {PenaltyPerFlap: 500, HalfLifeSeconds: 120, SuppressAbove: 1500, ReuseBelow: 400,
                            MaxSuppressSeconds: 900}
              FailbackHoldDownSeconds: 60
          - Id: defaults
            HealthCheckConfig: {Type: TCP, IPAddress: 127.0.0.2, Port: 1, FailureThreshold: 4, FlapDamping: {}}
        """, "native.yaml");
    HealthCheck web = state.healthCheck("web").orElseThrow();
    assertEquals(List.of(5, 1, 2, 60), List.of(web.healthyThreshold(), web.unhealthyThreshold(),
        web.healthyRegionsAtLeast(), web.failbackHoldDownSeconds()));
    assertEquals(ColdStart.UNHEALTHY, web.coldStart());
    assertEquals(new FlapDamping(500, 120, 1500, 400, 900), web.flapDamping());
    HealthCheck defaults = state.healthCheck("defaults").orElseThrow();
    assertEquals(List.of(4, 4, 0, 0), List.of(defaults.healthyThreshold(), defaults.unhealthyThreshold(),
        defaults.healthyRegionsAtLeast(), defaults.failbackHoldDownSeconds()));
    assertEquals(FlapDamping.DEFAULTS, defaults.flapDamping());
    assertEquals(ColdStart.ROUTE53, defaults.coldStart());
    assertEquals(state, StateCodec.fromProto(StateCodec.toProto(state)));
  }

  static final String HC = "HealthChecks[2].HealthCheckConfig";
  static final String TCP = "HealthChecks:\n  - {Id: hc, HealthCheckConfig: {Type: TCP, IPAddress: 127.0.0.2, ";

  static Stream<Arguments> rules() {
    return Stream.of(
        argumentSet("CALCULATED needs ChildHealthChecks", calc("HealthThreshold: 1"),
            HC + ".ChildHealthChecks", "required"),
        argumentSet("CALCULATED needs HealthThreshold", calc("ChildHealthChecks: [a]"),
            HC + ".HealthThreshold", "required"),
        argumentSet("HealthThreshold is 0-256", calc("ChildHealthChecks: [a], HealthThreshold: 257"),
            HC + ".HealthThreshold", "must be 0-256, got 257"),
        argumentSet("children must exist", calc("ChildHealthChecks: [a, nope], HealthThreshold: 1"),
            HC + ".ChildHealthChecks[1]", "no health check 'nope'"),
        argumentSet("children cannot be calculated",
            calc("ChildHealthChecks: [a], HealthThreshold: 1")
                + "  - {Id: outer, HealthCheckConfig: {Type: CALCULATED, ChildHealthChecks: [calc], HealthThreshold: 1}}\n",
            "HealthChecks[3].HealthCheckConfig.ChildHealthChecks[0]",
            "'calc' is CALCULATED; a CALCULATED check's children cannot be calculated"),
        argumentSet("a child is listed once", calc("ChildHealthChecks: [a, a], HealthThreshold: 1"),
            HC + ".ChildHealthChecks[1]", "duplicate child 'a'"),
        argumentSet("not its own child", calc("ChildHealthChecks: [calc], HealthThreshold: 1"),
            HC + ".ChildHealthChecks[0]", "a CALCULATED check cannot be its own child"),
        argumentSet("at most 256 children", calc("ChildHealthChecks: [" + "a, ".repeat(257) + "b], HealthThreshold: 1"),
            HC + ".ChildHealthChecks", "at most 256 children, got 258"),
        argumentSet("CALCULATED has no probing fields", calc("ChildHealthChecks: [a], HealthThreshold: 1, Port: 80"),
            HC + ".Port", "not for CALCULATED checks (they have no endpoint; they combine ChildHealthChecks)"),
        argumentSet("ChildHealthChecks only for CALCULATED", TCP + "ChildHealthChecks: [x]}}\n",
            "HealthChecks[0].HealthCheckConfig.ChildHealthChecks", "only for CALCULATED checks"),
        argumentSet("HealthyThreshold is 1-10", TCP + "HealthyThreshold: 0}}\n",
            "HealthChecks[0].HealthCheckConfig.HealthyThreshold", "must be 1-10, got 0"),
        argumentSet("UnhealthyThreshold is 1-10", TCP + "UnhealthyThreshold: 11}}\n",
            "HealthChecks[0].HealthCheckConfig.UnhealthyThreshold", "must be 1-10, got 11"),
        argumentSet("HealthQuorum has one rule", TCP + "HealthQuorum: {HealthyFractionAbove: 0.5, HealthyRegionsAtLeast: 2}}}\n",
            "HealthChecks[0].HealthCheckConfig.HealthQuorum", "needs exactly one of HealthyFractionAbove (e.g. 0.5 for "
                + "a majority, 0.18 as Route 53) or HealthyRegionsAtLeast (e.g. 2)"),
        argumentSet("HealthyRegionsAtLeast is 1-64", TCP + "HealthQuorum: {HealthyRegionsAtLeast: 0}}}\n",
            "HealthChecks[0].HealthCheckConfig.HealthQuorum.HealthyRegionsAtLeast", "must be 1-64, got 0"),
        argumentSet("ColdStartHealthStatus is Healthy or Unhealthy", TCP + "ColdStartHealthStatus: LastKnownStatus}}\n",
            "HealthChecks[0].HealthCheckConfig.ColdStartHealthStatus",
            "must be Healthy or Unhealthy, got 'LastKnownStatus'"),
        argumentSet("FailbackHoldDownSeconds is 0-86400", TCP + "FailbackHoldDownSeconds: -1}}\n",
            "HealthChecks[0].HealthCheckConfig.FailbackHoldDownSeconds", "must be 0-86400, got -1"),
        argumentSet("FlapDamping reuse is below suppress", TCP + "FlapDamping: {SuppressAbove: 500, ReuseBelow: 500}}}\n",
            "HealthChecks[0].HealthCheckConfig.FlapDamping.ReuseBelow", "must be below SuppressAbove (500.0), got 500.0"),
        argumentSet("FlapDamping penalty is positive", TCP + "FlapDamping: {PenaltyPerFlap: 0}}}\n",
            "HealthChecks[0].HealthCheckConfig.FlapDamping.PenaltyPerFlap", "must be a number above 0, got a number 0"),
        argumentSet("FlapDamping fields are known", TCP + "FlapDamping: {HalfLife: 5}}}\n",
            "HealthChecks[0].HealthCheckConfig.FlapDamping.HalfLife",
            "unknown field (expected PenaltyPerFlap, HalfLifeSeconds, SuppressAbove, ReuseBelow or MaxSuppressSeconds)"));
  }

  @ParameterizedTest
  @MethodSource("rules")
  void refusesAFileThatBreaksARule(String yaml, String path, String message) {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "rule.yaml"));
    assertEquals(List.of(new ConfigProblem(path, message)), e.problems(), yaml);
  }
}
