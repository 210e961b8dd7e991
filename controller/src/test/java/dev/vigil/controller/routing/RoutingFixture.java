package dev.vigil.controller.routing;

import dev.vigil.controller.answers.AnswerCompiler;
import dev.vigil.controller.answers.AnswerSet;
import dev.vigil.controller.config.ConfigException;
import dev.vigil.controller.config.ConfigLoader;
import dev.vigil.controller.explain.Explainer;
import dev.vigil.controller.explain.Explanation;
import dev.vigil.controller.geo.MmdbWriter;
import dev.vigil.controller.model.Cidr;
import dev.vigil.controller.model.CheckHealth;
import dev.vigil.controller.model.DesiredState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * Routing test fixture: a config with health checks a-l, three latency regions, a CIDR collection and a small geo
 * database, plus the record sets of a case; answers as a dns-node would serve them to a client.
 */
public final class RoutingFixture {

  public static final Path GEO_DB = geoDatabase();

  private RoutingFixture() {}

  /** 10.100/16 Bavaria, 10.101/16 Berlin (DE), 10.102/16 France, 10.103/16 California, 10.104/16 New York, 10.105/16 Japan. */
  private static Path geoDatabase() {
    try {
      Path file = Files.createTempFile("vigil-routing-test", ".mmdb");
      file.toFile().deleteOnExit();
      new MmdbWriter(6)
          .insert("10.100.0.0/16", MmdbWriter.location("EU", "DE", "BY"))
          .insert("10.101.0.0/16", MmdbWriter.location("EU", "DE", "BE"))
          .insert("10.102.0.0/16", MmdbWriter.location("EU", "FR", ""))
          .insert("10.103.0.0/16", MmdbWriter.location("NA", "US", "CA"))
          .insert("10.104.0.0/16", MmdbWriter.location("NA", "US", "NY"))
          .insert("10.105.0.0/16", MmdbWriter.location("AS", "JP", ""))
          .insert("2001:db8:100::/48", MmdbWriter.location("EU", "DE", "BY"))
          .write(file);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String config(String... recordSets) {
    StringBuilder yaml = new StringBuilder("HealthChecks:\n");
    for (char id = 'a'; id <= 'l'; id++) {
      yaml.append("  - {Id: ").append(id).append(", HealthCheckConfig: {Type: TCP, IPAddress: 127.0.0.2, Port: 80}}\n");
    }
    yaml.append("""
        LatencyRegions:
          - {Region: eu, CidrList: [10.1.0.0/16], NextBest: [us]}
          - {Region: us, CidrList: [10.2.0.0/16, '2001:db8:2::/48'], NextBest: [ap]}
          - {Region: ap, CidrList: [10.3.0.0/16]}
        CidrCollections:
          - Id: offices
            Locations:
              - {LocationName: berlin, CidrList: [10.10.0.0/16]}
              - {LocationName: paris, CidrList: [10.20.0.0/16, 10.21.0.0/16]}
        """);
    yaml.append("GeoLocationDatabase: '").append(GEO_DB).append("'\n");
    yaml.append("HostedZones:\n  - Name: example.test.\n    ResourceRecordSets:\n");
    for (String recordSet : recordSets) {
      yaml.append("      - {").append(recordSet).append("}\n");
    }
    yaml.append("  - Name: other.test.\n    ResourceRecordSets:\n");
    yaml.append("      - {Name: target.other.test., Type: A, TTL: 30, ResourceRecords: [{Value: 127.0.9.9}]}\n");
    return yaml.toString();
  }

  public static DesiredState state(String yaml) {
    try {
      return ConfigLoader.parse(yaml, "case.yaml");
    } catch (ConfigException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  public static Map<String, CheckHealth> health(Set<String> unhealthy) {
    Map<String, CheckHealth> health = new HashMap<>();
    unhealthy.forEach(id -> health.put(id, new CheckHealth(id, false, Instant.EPOCH, "down")));
    return health;
  }

  /** Answer (records, space-separated, sorted) → probability; empty for no answer. */
  public static Map<String, Double> served(DesiredState state, AnswerSet answers, Map<String, CheckHealth> health,
      String name, String client) {
    Explanation explanation = explain(state, answers, health, name, client);
    Map<String, Double> served = new TreeMap<>();
    explanation.answers().forEach(a -> served.merge(
        String.join(" ", a.records().stream().sorted().toList()), a.probability(), Double::sum));
    return served;
  }

  public static Explanation explain(DesiredState state, AnswerSet answers, Map<String, CheckHealth> health, String name,
      String client) {
    return Explainer.explain(state, health, answers, Explainer.Evidences.NONE, Name.fromConstantString(name),
        Type.A, client == null ? Optional.empty() : Optional.of(Cidr.parse(client)));
  }

  public static Map<String, Double> served(String yaml, Set<String> unhealthy, String name, String client) {
    DesiredState state = state(yaml);
    Map<String, CheckHealth> health = health(unhealthy);
    return served(state, AnswerCompiler.compile(state, health), health, name, client);
  }
}
