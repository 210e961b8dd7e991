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

/**
 * Every Route 53 routing rule as a named case: a zone, the unhealthy checks, a client, and what a dns-node serves
 * that client (each answer with its probability). Answers are looked up in the compiled answers the way a dns-node
 * does it (client table, then the weighted choice).
 */
@Timeout(20)
class RoutingRulesTest {

  static String rs(String routing, String ip, String check) {
    return "Name: www, Type: A, TTL: 60, ResourceRecords: [{Value: " + ip + "}]" + (routing.isEmpty() ? "" : ", " + routing)
        + (check.isEmpty() ? "" : ", HealthCheckId: " + check);
  }

  static String weighted(String id, int weight, String ip, String check) {
    return rs("SetIdentifier: " + id + ", Weight: " + weight, ip, check);
  }

  static String latency(String region, String ip, String check) {
    return rs("SetIdentifier: " + region + ", Region: " + region, ip, check);
  }

  static String geo(String id, String location, String ip, String check) {
    return rs("SetIdentifier: " + id + ", GeoLocation: {" + location + "}", ip, check);
  }

  static String cidr(String location, String ip, String check) {
    return rs("SetIdentifier: " + location.replace("*", "default") + ", CidrRoutingConfig: {CollectionId: offices,"
        + " LocationName: '" + location + "'}", ip, check);
  }

  static String multi(String id, String ip, String check) {
    return rs("SetIdentifier: " + id + ", MultiValueAnswer: true", ip, check);
  }

  static Map<String, Double> only(String answer) {
    return Map.of(answer, 1.0);
  }

  static final String[] GEO_ZONE = {
      geo("by", "CountryCode: DE, SubdivisionCode: BY", "127.0.1.1", "a"),
      geo("de", "CountryCode: DE", "127.0.1.2", "b"),
      geo("eu", "ContinentCode: EU", "127.0.1.3", "c"),
      geo("default", "CountryCode: '*'", "127.0.1.4", "d"),
      geo("jp", "CountryCode: JP", "127.0.1.5", "e")};

  static Stream<Arguments> rules() {
    String w1 = weighted("one", 1, "127.0.0.1", "a");
    String w3 = weighted("three", 3, "127.0.0.3", "b");
    String w0 = weighted("zero", 0, "127.0.0.9", "c");
    return Stream.of(
        // simple
        argumentSet("simple: a record set is served whatever its check says",
            config(rs("", "127.0.0.1", "a")), Set.of("a"), null, only("127.0.0.1")),
        argumentSet("simple: AllUnhealthy serve-none answers nothing when its check fails",
            config(rs("AllUnhealthy: serve-none", "127.0.0.1", "a")), Set.of("a"), null, Map.of()),
        // failover
        argumentSet("failover: PRIMARY while healthy",
            config(rs("SetIdentifier: p, Failover: PRIMARY", "127.0.0.1", "a"),
                rs("SetIdentifier: s, Failover: SECONDARY", "127.0.0.2", "b")), Set.of("b"), null, only("127.0.0.1")),
        argumentSet("failover: SECONDARY without a check is served when the PRIMARY fails",
            config(rs("SetIdentifier: p, Failover: PRIMARY", "127.0.0.1", "a"),
                rs("SetIdentifier: s, Failover: SECONDARY", "127.0.0.2", "")), Set.of("a"), null, only("127.0.0.2")),
        argumentSet("failover: both unhealthy is the PRIMARY",
            config(rs("SetIdentifier: p, Failover: PRIMARY", "127.0.0.1", "a"),
                rs("SetIdentifier: s, Failover: SECONDARY", "127.0.0.2", "b")), Set.of("a", "b"), null,
            only("127.0.0.1")),
        argumentSet("failover: AllUnhealthy serve-none answers nothing when both fail",
            config(rs("SetIdentifier: p, Failover: PRIMARY, AllUnhealthy: serve-none", "127.0.0.1", "a"),
                rs("SetIdentifier: s, Failover: SECONDARY, AllUnhealthy: serve-none", "127.0.0.2", "b")),
            Set.of("a", "b"), null, Map.of()),
        // weighted
        argumentSet("weighted: in proportion to Weight", config(w1, w3), Set.of(), null,
            Map.of("127.0.0.1", 0.25, "127.0.0.3", 0.75)),
        argumentSet("weighted: an unhealthy record set is left out", config(w1, w3), Set.of("b"), null,
            only("127.0.0.1")),
        argumentSet("weighted: weight 0 is not used while a non-zero one is healthy", config(w1, w3, w0), Set.of("a"),
            null, only("127.0.0.3")),
        argumentSet("weighted: weight 0 is used when every non-zero one is unhealthy", config(w1, w3, w0),
            Set.of("a", "b"), null, only("127.0.0.9")),
        argumentSet("weighted: all unhealthy are all healthy (weights as usual)", config(w1, w3, w0),
            Set.of("a", "b", "c"), null, Map.of("127.0.0.1", 0.25, "127.0.0.3", 0.75)),
        argumentSet("weighted: every weight 0 is equal probability",
            config(weighted("x", 0, "127.0.0.1", ""), weighted("y", 0, "127.0.0.2", "")), Set.of(), null,
            Map.of("127.0.0.1", 0.5, "127.0.0.2", 0.5)),
        argumentSet("weighted: AllUnhealthy serve-none",
            config(w1.replace("Weight: 1", "Weight: 1, AllUnhealthy: serve-none"),
                w3.replace("Weight: 3", "Weight: 3, AllUnhealthy: serve-none")), Set.of("a", "b"), null, Map.of()),
        // multivalue
        argumentSet("multivalue: the healthy record sets in one answer",
            config(multi("m1", "127.0.0.1", "a"), multi("m2", "127.0.0.2", "b"), multi("m3", "127.0.0.3", "")),
            Set.of("b"), null, only("127.0.0.1 127.0.0.3")),
        argumentSet("multivalue: all unhealthy answers with the unhealthy ones",
            config(multi("m1", "127.0.0.1", "a"), multi("m2", "127.0.0.2", "b")), Set.of("a", "b"), null,
            only("127.0.0.1 127.0.0.2")),
        // latency
        argumentSet("latency: the client's region", config(latency("eu", "127.0.2.1", "a"),
            latency("us", "127.0.2.2", "b"), latency("ap", "127.0.2.3", "c")), Set.of(), "10.1.2.0/24",
            only("127.0.2.1")),
        argumentSet("latency: an IPv6 client subnet", config(latency("eu", "127.0.2.1", "a"),
            latency("us", "127.0.2.2", "b")), Set.of(), "2001:db8:2::/56", only("127.0.2.2")),
        argumentSet("latency: a region without a healthy record set is skipped for its next best",
            config(latency("eu", "127.0.2.1", "a"), latency("us", "127.0.2.2", "b"), latency("ap", "127.0.2.3", "c")),
            Set.of("a"), "10.1.2.3", only("127.0.2.2")),
        argumentSet("latency: after the next-best list, the other regions in table order",
            config(latency("eu", "127.0.2.1", "a"), latency("us", "127.0.2.2", "b"), latency("ap", "127.0.2.3", "c")),
            Set.of("a", "b"), "10.1.2.3", only("127.0.2.3")),
        argumentSet("latency: a client outside every region gets the first region of the table",
            config(latency("eu", "127.0.2.1", "a"), latency("us", "127.0.2.2", "b")), Set.of(), "192.0.2.1",
            only("127.0.2.1")),
        argumentSet("latency: all unhealthy is all healthy: the client's own region",
            config(latency("eu", "127.0.2.1", "a"), latency("us", "127.0.2.2", "b")), Set.of("a", "b"), "10.2.0.1",
            only("127.0.2.2")),
        // geolocation
        argumentSet("geolocation: the subdivision", config(GEO_ZONE), Set.of(), "10.100.0.1", only("127.0.1.1")),
        argumentSet("geolocation: an IPv6 client in the subdivision", config(GEO_ZONE), Set.of(), "2001:db8:100::1",
            only("127.0.1.1")),
        argumentSet("geolocation: subdivision unhealthy falls back to the country", config(GEO_ZONE), Set.of("a"),
            "10.100.0.1", only("127.0.1.2")),
        argumentSet("geolocation: another subdivision of the country gets the country", config(GEO_ZONE), Set.of(),
            "10.101.0.1", only("127.0.1.2")),
        argumentSet("geolocation: country unhealthy falls back to the continent", config(GEO_ZONE), Set.of("a", "b"),
            "10.100.0.1", only("127.0.1.3")),
        argumentSet("geolocation: continent unhealthy falls back to the default", config(GEO_ZONE),
            Set.of("a", "b", "c"), "10.100.0.1", only("127.0.1.4")),
        argumentSet("geolocation: every matching record set unhealthy is the smallest region's", config(GEO_ZONE),
            Set.of("a", "b", "c", "d"), "10.100.0.1", only("127.0.1.1")),
        argumentSet("geolocation: a country without a record set gets its continent", config(GEO_ZONE), Set.of(),
            "10.102.0.1", only("127.0.1.3")),
        argumentSet("geolocation: an address not in the database gets the default", config(GEO_ZONE), Set.of(),
            "192.0.2.1", only("127.0.1.4")),
        argumentSet("geolocation: a place without record set and no default gets no answer",
            config(GEO_ZONE[0], GEO_ZONE[1], GEO_ZONE[4]), Set.of(), "10.103.0.1", Map.of()),
        argumentSet("geolocation: an unmapped address without default gets no answer",
            config(GEO_ZONE[0], GEO_ZONE[1]), Set.of(), "192.0.2.1", Map.of()),
        argumentSet("geolocation: the continent of a place", config(GEO_ZONE[4],
            geo("na", "ContinentCode: NA", "127.0.1.6", "")), Set.of(), "10.104.0.1", only("127.0.1.6")),
        // IP-based
        argumentSet("ip-based: the client's CIDR location", config(cidr("berlin", "127.0.3.1", "a"),
            cidr("paris", "127.0.3.2", "b"), cidr("*", "127.0.3.9", "")), Set.of(), "10.10.1.1", only("127.0.3.1")),
        argumentSet("ip-based: any CIDR block of the location", config(cidr("berlin", "127.0.3.1", "a"),
            cidr("paris", "127.0.3.2", "b"), cidr("*", "127.0.3.9", "")), Set.of(), "10.21.1.1", only("127.0.3.2")),
        argumentSet("ip-based: an unhealthy location falls back to the default", config(cidr("berlin", "127.0.3.1", "a"),
            cidr("*", "127.0.3.9", "")), Set.of("a"), "10.10.1.1", only("127.0.3.9")),
        argumentSet("ip-based: an address in no location gets the default", config(cidr("berlin", "127.0.3.1", "a"),
            cidr("*", "127.0.3.9", "")), Set.of(), "192.0.2.1", only("127.0.3.9")),
        argumentSet("ip-based: no location and no default is no answer", config(cidr("berlin", "127.0.3.1", "a")),
            Set.of(), "192.0.2.1", Map.of()),
        // alias
        argumentSet("alias: answers with its target's records",
            config("Name: example.test., Type: A, AliasTarget: {HostedZoneId: example.test., DNSName: www,"
                + " EvaluateTargetHealth: false}", rs("", "127.0.0.5", "")), Set.of(), null, only("127.0.0.5")),
        argumentSet("alias: to a record set in another hosted zone", config(
            "Name: www, Type: A, AliasTarget: {HostedZoneId: other.test, DNSName: target.other.test,"
                + " EvaluateTargetHealth: true}"), Set.of(), null, only("127.0.9.9")));
  }

  @ParameterizedTest
  @MethodSource("rules")
  void servesWhatRoute53Serves(String yaml, Set<String> unhealthy, String client, Map<String, Double> expected) {
    Map<String, Double> served = served(yaml, unhealthy, name(yaml), client);
    assertEquals(expected.keySet(), served.keySet(), yaml);
    expected.forEach((answer, p) -> assertEquals(p, served.get(answer), 1e-9, answer));
  }

  /** The apex for a case whose first record set is at the apex, else www. */
  static String name(String yaml) {
    return yaml.contains("- {Name: example.test., Type: A") ? "example.test." : "www.example.test.";
  }
}
