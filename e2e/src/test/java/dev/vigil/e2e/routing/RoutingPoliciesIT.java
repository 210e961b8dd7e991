package dev.vigil.e2e.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.controller.geo.MmdbWriter;
import dev.vigil.e2e.harness.DnsProbe;
import dev.vigil.e2e.harness.RoutingDeployment;
import dev.vigil.e2e.harness.VigilHome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Every routing policy through real processes (controller, three agents, a dns-node): each test owns its names
 * and its backends, so one deployment serves them all. Health comes from real probes of loopback backends that
 * the tests stop.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class RoutingPoliciesIT {

  /** Only ends a test whose answer never comes. */
  static final Duration NEVER = Duration.ofSeconds(40);
  static final String ZONE = "example.test.";

  @TempDir static Path work;
  RoutingDeployment d;

  @BeforeAll
  void startEverything() throws Exception {
    d = new RoutingDeployment(VigilHome.locate(), work)
        .backend("w1", "127.0.0.11").backend("w2", "127.0.0.12")
        .backend("m1", "127.0.0.21").backend("m2", "127.0.0.22")
        .backend("p1", "127.0.0.31")
        .backend("l1", "127.0.0.41").backend("g1", "127.0.0.51").backend("i1", "127.0.0.61")
        .start(ZONE, RoutingPoliciesIT::config);
  }

  @AfterAll
  void stopEverything() throws Exception {
    if (d != null) {
      d.close();
    }
  }

  static String check(String id, RoutingDeployment d, String backend) {
    return """
          - Id: %s
            HealthCheckConfig: {Type: HTTP, IPAddress: %s, Port: %d, RequestInterval: 1, FailureThreshold: 1}
        """.formatted(id, d.backend(backend).host(), d.port(backend));
  }

  static String config(RoutingDeployment d) {
    StringBuilder multivalue = new StringBuilder();
    for (int i = 1; i <= 10; i++) {
      String check = i == 1 ? ", HealthCheckId: m1" : i == 2 ? ", HealthCheckId: m2" : "";
      multivalue.append("""
                - {Name: multi, Type: A, TTL: 5, SetIdentifier: m%d, MultiValueAnswer: true%s,
                   ResourceRecords: [{Value: 127.0.0.%d}]}
          """.formatted(i, check, 20 + i));
    }
    writeGeoDatabase(d.work().resolve("geo.mmdb"));
    return "HealthChecks:\n" + check("w1", d, "w1") + check("w2", d, "w2") + check("m1", d, "m1")
        + check("m2", d, "m2") + check("p1", d, "p1") + check("l1", d, "l1") + check("g1", d, "g1")
        + check("i1", d, "i1") + """
        LatencyRegions:
          - {Region: eu-west-1, CidrList: [10.1.0.0/16], NextBest: [us-east-1]}
          - {Region: us-east-1, CidrList: [10.2.0.0/16], NextBest: [eu-west-1]}
        CidrCollections:
          - Id: offices
            Locations:
              - {LocationName: berlin, CidrList: [10.10.0.0/16]}
              - {LocationName: paris, CidrList: [10.20.0.0/16]}
        GeoLocationDatabase: geo.mmdb
        HostedZones:
          - Name: example.test.
            ResourceRecordSets:
              - {Name: weighted, Type: A, TTL: 5, SetIdentifier: one, Weight: 1, HealthCheckId: w1,
                 ResourceRecords: [{Value: 127.0.0.11}]}
              - {Name: weighted, Type: A, TTL: 5, SetIdentifier: three, Weight: 3, HealthCheckId: w2,
                 ResourceRecords: [{Value: 127.0.0.12}]}
              - {Name: weighted, Type: A, TTL: 5, SetIdentifier: zero, Weight: 0,
                 ResourceRecords: [{Value: 127.0.0.19}]}
              - {Name: www, Type: A, TTL: 5, SetIdentifier: primary, Failover: PRIMARY, HealthCheckId: p1,
                 ResourceRecords: [{Value: 127.0.0.31}]}
              - {Name: www, Type: A, TTL: 5, SetIdentifier: secondary, Failover: SECONDARY,
                 ResourceRecords: [{Value: 127.0.0.32}]}
              - {Name: example.test., Type: A,
                 AliasTarget: {HostedZoneId: example.test., DNSName: www.example.test., EvaluateTargetHealth: true}}
              - {Name: lat, Type: A, TTL: 5, SetIdentifier: eu, Region: eu-west-1, HealthCheckId: l1,
                 ResourceRecords: [{Value: 127.0.0.41}]}
              - {Name: lat, Type: A, TTL: 5, SetIdentifier: us, Region: us-east-1, ResourceRecords: [{Value: 127.0.0.42}]}
              - {Name: geo, Type: A, TTL: 5, SetIdentifier: by, GeoLocation: {CountryCode: DE, SubdivisionCode: BY},
                 HealthCheckId: g1, ResourceRecords: [{Value: 127.0.0.51}]}
              - {Name: geo, Type: A, TTL: 5, SetIdentifier: eu, GeoLocation: {ContinentCode: EU},
                 ResourceRecords: [{Value: 127.0.0.52}]}
              - {Name: geo, Type: A, TTL: 5, SetIdentifier: any, GeoLocation: {CountryCode: '*'},
                 ResourceRecords: [{Value: 127.0.0.53}]}
              - {Name: ip, Type: A, TTL: 5, SetIdentifier: berlin, HealthCheckId: i1,
                 CidrRoutingConfig: {CollectionId: offices, LocationName: berlin}, ResourceRecords: [{Value: 127.0.0.61}]}
              - {Name: ip, Type: A, TTL: 5, SetIdentifier: paris,
                 CidrRoutingConfig: {CollectionId: offices, LocationName: paris}, ResourceRecords: [{Value: 127.0.0.62}]}
              - {Name: ip, Type: A, TTL: 5, SetIdentifier: rest,
                 CidrRoutingConfig: {CollectionId: offices, LocationName: '*'}, ResourceRecords: [{Value: 127.0.0.63}]}
        """ + multivalue;
  }

  @Test
  void weightedAnswersInProportionAndZeroWeightOnlyWhenTheOthersAreDown() throws Exception {
    DnsProbe dns = d.dns();
    d.await("weighted to answer", NEVER, () -> dns.a("weighted." + ZONE), a -> a.rcode() == Rcode.NOERROR
        && a.values().size() == 1);
    Map<String, Integer> counts = new HashMap<>();
    int queries = 400;
    for (int i = 0; i < queries; i++) {
      DnsProbe.Answer a = dns.a("weighted." + ZONE);
      assertEquals(1, a.values().size(), a.toString());
      counts.merge(a.values().get(0), 1, Integer::sum);
    }
    int heavy = counts.getOrDefault("127.0.0.12", 0);
    int light = counts.getOrDefault("127.0.0.11", 0);
    assertEquals(queries, heavy + light, "weight 0 is never served while others are healthy: " + counts);
    // p = 3/4: mean 300, sd 8.7; ±6 sd.
    assertTrue(heavy > 248 && heavy < 352, "weights 1:3 over " + queries + " queries: " + counts);

    d.backend("w2").stop();
    d.await("only the healthy weighted record", NEVER, () -> dns.a("weighted." + ZONE),
        a -> a.is("127.0.0.11") && sameFor(dns, "weighted." + ZONE, 30, "127.0.0.11"));
    d.backend("w1").stop();
    d.await("the weight-0 record once every weighted record is down", NEVER, () -> dns.a("weighted." + ZONE),
        a -> a.is("127.0.0.19"));
    d.backend("w1").start();
    d.await("back to the healthy record", NEVER, () -> dns.a("weighted." + ZONE), a -> a.is("127.0.0.11"));
  }

  @Test
  void multivalueAnswersUpToEightHealthyRecords() throws Exception {
    DnsProbe dns = d.dns();
    d.await("multivalue to answer", NEVER, () -> dns.a("multi." + ZONE), a -> a.values().size() == 8);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      DnsProbe.Answer a = dns.a("multi." + ZONE);
      assertEquals(8, a.values().size(), a.toString());
      seen.addAll(a.values());
    }
    assertEquals(10, seen.size(), "the 8 vary between answers over all 10 healthy records: " + seen);

    d.backend("m1").stop();
    d.backend("m2").stop();
    d.await("the two unhealthy records gone", NEVER, () -> dns.a("multi." + ZONE),
        a -> a.values().size() == 8 && !a.values().contains("127.0.0.21") && !a.values().contains("127.0.0.22"));
    for (int i = 0; i < 50; i++) {
      List<String> values = dns.a("multi." + ZONE).values();
      assertEquals(8, values.size(), values.toString());
      assertTrue(!values.contains("127.0.0.21") && !values.contains("127.0.0.22"), values.toString());
    }
    d.backend("m1").start();
    d.backend("m2").start();
  }

  @Test
  void anApexAliasFollowsItsFailoverTarget() throws Exception {
    DnsProbe dns = d.dns();
    d.await("the apex alias to answer the primary", NEVER, () -> dns.a(ZONE), a -> a.is("127.0.0.31"));
    d.backend("p1").stop();
    d.await("the apex alias to follow the failover", NEVER, () -> dns.a(ZONE), a -> a.is("127.0.0.32"));
    assertTrue(dns.a("www." + ZONE).is("127.0.0.32"));
    d.backend("p1").start();
    d.await("the apex alias to fail back", NEVER, () -> dns.a(ZONE), a -> a.is("127.0.0.31"));
  }

  static void writeGeoDatabase(Path file) {
    try {
      java.nio.file.Files.createDirectories(file.getParent());
      new MmdbWriter(6)
          .insert("10.100.0.0/16", MmdbWriter.location("EU", "DE", "BY"))
          .insert("10.101.0.0/16", MmdbWriter.location("EU", "FR", ""))
          .insert("10.102.0.0/16", MmdbWriter.location("NA", "US", "CA"))
          .write(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The answer for a client in {@code subnet} (EDNS Client Subnet) is {@code ip}, with this ECS scope. */
  static boolean answers(DnsProbe dns, String name, String subnet, String ip, int scope) throws Exception {
    DnsProbe.SubnetAnswer a = dns.query(name, Type.A, subnet);
    return a.answer().is(ip) && a.scope() == scope;
  }

  @Test
  void latencyRoutesByTheClientSubnetAndSkipsAnUnhealthyRegion() throws Exception {
    DnsProbe dns = d.dns();
    String lat = "lat." + ZONE;
    d.await("eu clients to get eu-west-1", NEVER, () -> dns.query(lat, Type.A, "10.1.2.0/24"),
        a -> a.answer().is("127.0.0.41") && a.scope() == 16);
    assertTrue(answers(dns, lat, "10.2.3.0/24", "127.0.0.42", 16), "us-east-1 clients get us-east-1");
    d.backend("l1").stop();
    d.await("eu clients to go to their NextBest, us-east-1", NEVER, () -> dns.query(lat, Type.A, "10.1.2.0/24"),
        a -> a.answer().is("127.0.0.42"));
    d.backend("l1").start();
    d.await("eu clients back in eu-west-1", NEVER, () -> dns.query(lat, Type.A, "10.1.2.0/24"),
        a -> a.answer().is("127.0.0.41"));
  }

  @Test
  void geolocationFallsBackFromSubdivisionToContinentToDefault() throws Exception {
    DnsProbe dns = d.dns();
    String geo = "geo." + ZONE;
    d.await("Bavarian clients to get the DE/BY record", NEVER, () -> dns.query(geo, Type.A, "10.100.1.0/24"),
        a -> a.answer().is("127.0.0.51") && a.scope() >= 16 && a.scope() <= 24);
    assertTrue(dns.query(geo, Type.A, "10.101.7.0/24").answer().is("127.0.0.52"), "France: continent EU");
    assertTrue(dns.query(geo, Type.A, "10.102.0.0/24").answer().is("127.0.0.53"), "California: the default");
    assertTrue(dns.query(geo, Type.A, "10.200.0.0/24").answer().is("127.0.0.53"), "unknown to the DB: the default");
    d.backend("g1").stop();
    d.await("Bavarian clients to fall back to continent EU", NEVER, () -> dns.query(geo, Type.A, "10.100.1.0/24"),
        a -> a.answer().is("127.0.0.52"));
    d.backend("g1").start();
    d.await("Bavarian clients back on DE/BY", NEVER, () -> dns.query(geo, Type.A, "10.100.1.0/24"),
        a -> a.answer().is("127.0.0.51"));
  }

  @Test
  void ipBasedRoutingUsesTheCidrCollectionAndItsDefault() throws Exception {
    DnsProbe dns = d.dns();
    String ip = "ip." + ZONE;
    d.await("berlin clients to get berlin", NEVER, () -> dns.query(ip, Type.A, "10.10.5.0/24"),
        a -> a.answer().is("127.0.0.61") && a.scope() == 16);
    assertTrue(answers(dns, ip, "10.20.0.0/24", "127.0.0.62", 16), "paris");
    assertTrue(dns.query(ip, Type.A, "10.30.0.0/24").answer().is("127.0.0.63"), "elsewhere: the '*' location");
    assertTrue(dns.a(ip).is("127.0.0.63"), "no ECS: the resolver's own address (127.0.0.1) is elsewhere");
    d.backend("i1").stop();
    d.await("berlin clients to fall back to '*'", NEVER, () -> dns.query(ip, Type.A, "10.10.5.0/24"),
        a -> a.answer().is("127.0.0.63"));
    d.backend("i1").start();
    d.await("berlin back", NEVER, () -> dns.query(ip, Type.A, "10.10.5.0/24"), a -> a.answer().is("127.0.0.61"));
  }

  /** True when {@code queries} answers in a row are exactly {@code expected} (a failed query counts as no). */
  static boolean sameFor(DnsProbe dns, String name, int queries, String expected) {
    try {
      for (int i = 0; i < queries; i++) {
        if (!dns.a(name).is(expected)) {
          return false;
        }
      }
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
