package dev.vigil.controller.routing;

import static dev.vigil.controller.routing.RoutingFixture.config;
import static dev.vigil.controller.routing.RoutingFixture.served;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Alias trees: EvaluateTargetHealth backs out of unhealthy branches; an alias's own check is ANDed with it. */
@Timeout(20)
class AliasTreeTest {

  static String plain(String name, String routing, String ip, String check) {
    return "Name: " + name + ", Type: A, TTL: 60, ResourceRecords: [{Value: " + ip + "}]"
        + (routing.isEmpty() ? "" : ", " + routing) + (check.isEmpty() ? "" : ", HealthCheckId: " + check);
  }

  static String alias(String name, String routing, String target, boolean evaluate, String check) {
    return "Name: " + name + ", Type: A, AliasTarget: {HostedZoneId: example.test., DNSName: " + target
        + ", EvaluateTargetHealth: " + evaluate + "}" + (routing.isEmpty() ? "" : ", " + routing)
        + (check.isEmpty() ? "" : ", HealthCheckId: " + check);
  }

  static String w(String id, int weight) {
    return "SetIdentifier: " + id + ", Weight: " + weight;
  }

  /** t1: weighted, both unhealthy when a and b are down; t2: one record with check c. */
  static final String[] TARGETS = {
      plain("t1", w("x", 1), "127.0.1.1", "a"), plain("t1", w("y", 1), "127.0.1.2", "b"),
      plain("t2", "", "127.0.2.1", "c")};

  static String[] with(String... more) {
    String[] all = new String[TARGETS.length + more.length];
    System.arraycopy(more, 0, all, 0, more.length);
    System.arraycopy(TARGETS, 0, all, more.length, TARGETS.length);
    return all;
  }

  static Stream<Arguments> trees() {
    String primaryToT1 = alias("www", "SetIdentifier: p, Failover: PRIMARY", "t1", true, "");
    String secondary = plain("www", "SetIdentifier: s, Failover: SECONDARY", "127.0.0.9", "");
    return Stream.of(
        argumentSet("failover PRIMARY alias stays while one record under it is healthy",
            config(with(primaryToT1, secondary)), Set.of("a"), null, Map.of("127.0.1.2", 1.0)),
        argumentSet("failover PRIMARY alias backs out of a branch with no healthy record",
            config(with(primaryToT1, secondary)), Set.of("a", "b"), null, Map.of("127.0.0.9", 1.0)),
        argumentSet("weighted aliases with EvaluateTargetHealth skip the unhealthy branch",
            config(with(alias("www", w("one", 1), "t1", true, ""), alias("www", w("two", 1), "t2", true, ""))),
            Set.of("a", "b"), null, Map.of("127.0.2.1", 1.0)),
        argumentSet("without EvaluateTargetHealth an alias stays in an unhealthy branch",
            config(with(alias("www", w("one", 1), "t1", false, ""), alias("www", w("two", 1), "t2", true, ""))),
            Set.of("a", "b"), null, Map.of("127.0.1.1", 0.25, "127.0.1.2", 0.25, "127.0.2.1", 0.5)),
        argumentSet("an alias's own failing check takes it out although its target is healthy",
            config(with(alias("www", w("one", 1), "t1", true, "d"), alias("www", w("two", 1), "t2", true, ""))),
            Set.of("d"), null, Map.of("127.0.2.1", 1.0)),
        argumentSet("an alias's own healthy check does not save an unhealthy target",
            config(with(alias("www", w("one", 1), "t1", true, "d"), alias("www", w("two", 1), "t2", true, ""))),
            Set.of("a", "b"), null, Map.of("127.0.2.1", 1.0)),
        argumentSet("weights multiply down the tree",
            config(with(alias("www", w("one", 1), "t1", true, ""), alias("www", w("two", 2), "t2", true, ""))),
            Set.of(), null, Map.of("127.0.1.1", 1 / 6.0, "127.0.1.2", 1 / 6.0, "127.0.2.1", 4 / 6.0)),
        argumentSet("every branch unhealthy is all healthy at the top",
            config(with(alias("www", w("one", 1), "t1", true, ""), alias("www", w("two", 1), "t2", true, ""))),
            Set.of("a", "b", "c"), null, Map.of("127.0.1.1", 0.25, "127.0.1.2", 0.25, "127.0.2.1", 0.5)),
        argumentSet("a two-level tree: failover alias to weighted aliases",
            config(with(primaryToT1.replace("t1", "mid"), secondary,
                alias("mid", w("m1", 1), "t1", true, ""), alias("mid", w("m2", 1), "t2", true, ""))),
            Set.of("a", "b", "c"), null, Map.of("127.0.0.9", 1.0)),
        argumentSet("an apex alias to a weighted group serves the group's choice",
            config(with(alias("example.test.", "", "t1", false, ""))), Set.of(), null,
            Map.of("127.0.1.1", 0.5, "127.0.1.2", 0.5)),
        argumentSet("a weighted alias into a latency group answers per client region",
            config(with(alias("www", w("lat", 1), "lat", true, ""), plain("www", w("fixed", 1), "127.0.0.7", ""),
                plain("lat", "SetIdentifier: eu, Region: eu", "127.0.3.1", ""),
                plain("lat", "SetIdentifier: us, Region: us", "127.0.3.2", ""))),
            Set.of(), "10.2.0.0/16", Map.of("127.0.3.2", 0.5, "127.0.0.7", 0.5)));
  }

  @ParameterizedTest
  @MethodSource("trees")
  void evaluatesTargetHealthThroughTheTree(String yaml, Set<String> unhealthy, String client,
      Map<String, Double> expected) {
    String name = yaml.contains("- {Name: example.test.,") ? "example.test." : "www.example.test.";
    Map<String, Double> served = served(yaml, unhealthy, name, client);
    assertEquals(expected.keySet(), served.keySet(), yaml);
    expected.forEach((answer, p) -> assertEquals(p, served.get(answer), 1e-9, answer));
  }
}
