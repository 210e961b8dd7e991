package dev.vigil.controller.publish;

import static dev.vigil.controller.routing.RoutingFixture.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.controller.answers.AnswerCompiler;
import dev.vigil.controller.answers.AnswerDiff;
import dev.vigil.controller.answers.AnswerSet;
import dev.vigil.controller.cluster.AnswerVersion;
import dev.vigil.controller.model.CheckHealth;
import dev.vigil.controller.model.DesiredState;
import dev.vigil.controller.routing.RoutingFixture;
import dev.vigil.proto.feed.v1.AnswerUpdate;
import dev.vigil.proto.feed.v1.Choice;
import dev.vigil.proto.feed.v1.ClientMap;
import dev.vigil.proto.feed.v1.ClientPrefix;
import dev.vigil.proto.feed.v1.SelectiveRRset;
import dev.vigil.proto.feed.v1.WeightedVariant;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Selective RRsets and client maps on the feed, read back the way a dns-node uses them: longest prefix in the client
 * map, then a weighted pick among the choice's options.
 */
@Timeout(30)
class SelectiveFeedTest {

  static final Instant NOW = Instant.ofEpochMilli(1_900_000_000_000L);

  static String weighted(String id, int weight, String ip, String check) {
    return "Name: www, Type: A, TTL: 60, SetIdentifier: " + id + ", Weight: " + weight
        + ", ResourceRecords: [{Value: " + ip + "}]" + (check.isEmpty() ? "" : ", HealthCheckId: " + check);
  }

  static AnswerUpdate full(DesiredState state, Map<String, CheckHealth> health) {
    return FeedCodec.full(AnswerCompiler.compile(state, health), new AnswerVersion(1, 5), NOW);
  }

  static SelectiveRRset selective(AnswerUpdate update, String name) {
    return update.getZonesList().stream().flatMap(z -> z.getSelectiveUpsertsList().stream())
        .filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
  }

  /** What a dns-node does: a uniform pick in proportion to the weights. */
  static int pick(Choice choice, Random random) {
    long total = choice.getOptionsList().stream().mapToLong(WeightedVariant::getWeight).sum();
    long r = (long) (random.nextDouble() * total);
    for (WeightedVariant option : choice.getOptionsList()) {
      r -= option.getWeight();
      if (r < 0) {
        return option.getVariant();
      }
    }
    throw new AssertionError("no pick");
  }

  static String address(SelectiveRRset rrset, int variant, int record) throws Exception {
    return InetAddress.getByAddress(rrset.getVariants(variant).getRdata(record).toByteArray()).getHostAddress();
  }

  @Test
  void weightedPicksFollowTheWeightsWithinStatisticalBounds() throws Exception {
    DesiredState state = RoutingFixture.state(config(weighted("a", 1, "127.0.0.1", ""), weighted("b", 3, "127.0.0.2", ""),
        weighted("c", 6, "127.0.0.3", ""), weighted("d", 0, "127.0.0.4", "")));
    SelectiveRRset www = selective(full(state, Map.of()), "www.example.test.");
    assertEquals("", www.getClientMap());
    Map<String, Integer> counts = new HashMap<>();
    Random random = new Random(42);
    int n = 200_000;
    for (int i = 0; i < n; i++) {
      counts.merge(address(www, pick(www.getFallback(), random), 0), 1, Integer::sum);
    }
    Map<String, Double> expected = Map.of("127.0.0.1", 0.1, "127.0.0.2", 0.3, "127.0.0.3", 0.6);
    assertEquals(expected.keySet(), counts.keySet(), "weight 0 is never picked while others are healthy");
    expected.forEach((ip, p) -> {
      double sigma = Math.sqrt(n * p * (1 - p));
      assertTrue(Math.abs(counts.get(ip) - n * p) < 5 * sigma, ip + ": " + counts.get(ip) + " of " + n);
    });
  }

  @Test
  void multivalueAnswersCarryAtMostEightRecordsAndRotate() throws Exception {
    List<String> sets = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      sets.add("Name: www, Type: A, TTL: 60, SetIdentifier: m" + (100 + i) + ", MultiValueAnswer: true,"
          + " ResourceRecords: [{Value: 127.0.0." + i + "}]" + (i <= 2 ? ", HealthCheckId: a" : ""));
    }
    DesiredState state = RoutingFixture.state(config(sets.toArray(String[]::new)));
    for (Set<String> unhealthy : List.of(Set.<String>of(), Set.of("a"))) {
      SelectiveRRset www = selective(full(state, RoutingFixture.health(unhealthy)), "www.example.test.");
      int healthy = unhealthy.isEmpty() ? 12 : 10;
      assertEquals(healthy, www.getFallback().getOptionsCount(), "one rotation per healthy record set");
      Set<String> seen = new TreeSet<>();
      for (int v = 0; v < www.getVariantsCount(); v++) {
        assertEquals(8, www.getVariants(v).getRdataCount());
        for (int r = 0; r < 8; r++) {
          seen.add(address(www, v, r));
        }
      }
      assertEquals(healthy, seen.size());
      assertTrue(unhealthy.isEmpty() || !seen.contains("127.0.0.1") && !seen.contains("127.0.0.2"));
    }
  }

  @Test
  void multivalueWithEveryRecordUnhealthyAnswersWithAtMostEightOfThem() throws Exception {
    List<String> sets = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      sets.add("Name: www, Type: A, TTL: 60, SetIdentifier: m" + i + ", MultiValueAnswer: true,"
          + " ResourceRecords: [{Value: 127.0.0." + i + "}], HealthCheckId: a");
    }
    SelectiveRRset www = selective(full(RoutingFixture.state(config(sets.toArray(String[]::new))),
        RoutingFixture.health(Set.of("a"))), "www.example.test.");
    assertEquals(10, www.getVariantsCount());
    for (int v = 0; v < www.getVariantsCount(); v++) {
      assertEquals(8, www.getVariants(v).getRdataCount());
    }
  }

  @Test
  void latencyGoesOutAsAClientMapAndChoicesByLabel() throws Exception {
    DesiredState state = RoutingFixture.state(config(
        "Name: www, Type: A, TTL: 60, SetIdentifier: eu, Region: eu, ResourceRecords: [{Value: 127.0.2.1}]",
        "Name: www, Type: A, TTL: 60, SetIdentifier: us, Region: us, ResourceRecords: [{Value: 127.0.2.2}]"));
    AnswerUpdate full = full(state, Map.of());
    ClientMap latency = full.getClientMapsList().stream().filter(m -> m.getName().equals("latency")).findFirst()
        .orElseThrow();
    assertEquals(List.of("eu", "us", "ap"), latency.getLabelsList());
    ClientPrefix eu = latency.getPrefixesList().stream().filter(p -> p.getLabel() == 0).findFirst().orElseThrow();
    assertEquals("10.1.0.0", InetAddress.getByAddress(eu.getAddress().toByteArray()).getHostAddress());
    assertEquals(16, eu.getPrefixLength());
    assertEquals(1, full.getClientMapsCount(), "only maps that a selective RRset uses");
    SelectiveRRset www = selective(full, "www.example.test.");
    assertEquals("latency", www.getClientMap());
    assertEquals("127.0.2.2", address(www, www.getByLabelOrThrow(1).getOptions(0).getVariant(), 0));
    assertEquals("127.0.2.1", address(www, www.getFallback().getOptions(0).getVariant(), 0),
        "clients outside every region: the first region");
    assertEquals(60, www.getVariants(0).getTtl());
  }

  @Test
  void changesSwitchKindsAndCarryClientMapsOnlyWhenTheyChange() {
    String yaml = config(weighted("a", 1, "127.0.0.1", "a"), weighted("b", 1, "127.0.0.2", ""),
        "Name: lat, Type: A, TTL: 60, SetIdentifier: eu, Region: eu, ResourceRecords: [{Value: 127.0.2.1}]",
        "Name: lat, Type: A, TTL: 60, SetIdentifier: us, Region: us, ResourceRecords: [{Value: 127.0.2.2}]");
    DesiredState state = RoutingFixture.state(yaml);
    AnswerSet both = AnswerCompiler.compile(state, Map.of());
    AnswerSet oneDown = AnswerCompiler.compile(state, RoutingFixture.health(Set.of("a")));
    AnswerUpdate change = FeedCodec.change(AnswerDiff.between(both, oneDown), new AnswerVersion(1, 5),
        new AnswerVersion(1, 6), NOW);
    assertEquals(1, change.getZonesCount());
    assertEquals(List.of("www.example.test."), change.getZones(0).getUpsertsList().stream().map(r -> r.getName()).toList(),
        "one healthy record left: a static RRset replaces the selective one");
    assertEquals(0, change.getZones(0).getSelectiveUpsertsCount());
    assertEquals(0, change.getZones(0).getRemovalsCount());
    assertEquals(0, change.getClientMapsCount(), "the latency map did not change");
    AnswerUpdate back = FeedCodec.change(AnswerDiff.between(oneDown, both), new AnswerVersion(1, 6),
        new AnswerVersion(1, 7), NOW);
    assertEquals(List.of("www.example.test."), back.getZones(0).getSelectiveUpsertsList().stream()
        .map(SelectiveRRset::getName).toList());
    AnswerUpdate removed = FeedCodec.change(AnswerDiff.between(both, AnswerSet.EMPTY), new AnswerVersion(1, 7),
        new AnswerVersion(1, 8), NOW);
    assertEquals(List.of("latency"), removed.getRemovedClientMapsList());
  }

  @Test
  void serveLastHealthyKeepsTheLastAnswerWhileAllAreDown() throws Exception {
    String yaml = config(weighted("a", 1, "127.0.0.1", "a").replace("Weight: 1", "Weight: 1, AllUnhealthy: serve-last-healthy"),
        weighted("b", 1, "127.0.0.2", "b").replace("Weight: 1", "Weight: 1, AllUnhealthy: serve-last-healthy"));
    DesiredState state = RoutingFixture.state(yaml);
    AnswerSet bDown = AnswerCompiler.compile(state, RoutingFixture.health(Set.of("b")));
    AnswerSet allDown = AnswerCompiler.compile(state, RoutingFixture.health(Set.of("a", "b")), bDown);
    assertEquals(RoutingFixture.served(state, bDown, RoutingFixture.health(Set.of("a", "b")), "www.example.test.", null),
        RoutingFixture.served(state, allDown, RoutingFixture.health(Set.of("a", "b")), "www.example.test.", null));
    assertEquals(Map.of("127.0.0.1", 1.0), RoutingFixture.served(state, allDown, Map.of(), "www.example.test.", null));
    AnswerSet neverHealthy = AnswerCompiler.compile(state, RoutingFixture.health(Set.of("a", "b")));
    assertEquals(Map.of("127.0.0.1", 0.5, "127.0.0.2", 0.5),
        RoutingFixture.served(state, neverHealthy, Map.of(), "www.example.test.", null),
        "no answer before: Route 53's all-healthy");
  }
}
