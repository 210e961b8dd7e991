package dev.vigil.controller.config;

import static dev.vigil.controller.routing.RoutingFixture.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.vigil.controller.model.AliasTarget;
import dev.vigil.controller.model.AllUnhealthy;
import dev.vigil.controller.model.GeoLocation;
import dev.vigil.controller.model.RecordSet;
import dev.vigil.controller.model.Routing;
import dev.vigil.controller.model.RoutingConfig;
import dev.vigil.controller.routing.RoutingFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Route 53's validation of routing fields, one broken rule per case, with exactly that problem at that path. */
@Timeout(20)
class PolicyConfigRulesTest {

  static final String A = "Name: www, Type: A, TTL: 60, ResourceRecords: [{Value: 127.0.0.2}]";

  static String rs(int index) {
    return "HostedZones[0].ResourceRecordSets[" + index + "]";
  }

  static String alias(String target, String more) {
    return "Name: www, Type: A, AliasTarget: {HostedZoneId: example.test, DNSName: " + target
        + ", EvaluateTargetHealth: true}" + more;
  }

  static String tables(String tables) {
    return tables + "\nHostedZones: [{Name: example.test., ResourceRecordSets: []}]\n";
  }

  static Stream<Arguments> rules() {
    return Stream.of(
        argumentSet("Weight is 0-255", config(A + ", SetIdentifier: a, Weight: 256"),
            rs(0) + ".Weight", "must be 0-255, got 256"),
        argumentSet("one routing policy per record set", config(A + ", SetIdentifier: a, Weight: 1, Region: eu"),
            rs(0) + ".Region", "a record set has one routing policy, got Weight and Region"),
        argumentSet("Failover is a routing policy too", config(A + ", SetIdentifier: a, Weight: 1, Failover: PRIMARY"),
            rs(0) + ".Failover", "a record set has one routing policy, got Weight and Failover"),
        argumentSet("Weight needs a SetIdentifier", config(A + ", Weight: 1"), rs(0) + ".SetIdentifier",
            "required with Weight"),
        argumentSet("MultiValueAnswer needs a SetIdentifier", config(A + ", MultiValueAnswer: true"),
            rs(0) + ".SetIdentifier", "required with MultiValueAnswer"),
        argumentSet("Region names a latency region", config(A + ", SetIdentifier: a, Region: mars"),
            rs(0) + ".Region", "no latency region 'mars' (LatencyRegions has eu, us or ap)"),
        argumentSet("GeoLocation has a continent or a country", config(A + ", SetIdentifier: a, GeoLocation: {}"),
            rs(0) + ".GeoLocation", "needs exactly one of ContinentCode and CountryCode"),
        argumentSet("GeoLocation has not both", config(A + ", SetIdentifier: a, GeoLocation: {ContinentCode: EU,"
            + " CountryCode: DE}"), rs(0) + ".GeoLocation", "needs exactly one of ContinentCode and CountryCode"),
        argumentSet("ContinentCode is one of Route 53's", config(A + ", SetIdentifier: a, GeoLocation: {ContinentCode: XX}"),
            rs(0) + ".GeoLocation.ContinentCode", "must be AF, AN, AS, EU, NA, OC or SA, got 'XX'"),
        argumentSet("CountryCode is two letters or *", config(A + ", SetIdentifier: a, GeoLocation: {CountryCode: DEU}"),
            rs(0) + ".GeoLocation.CountryCode", "must be a two-letter ISO 3166 code (e.g. DE) or '*', got 'DEU'"),
        argumentSet("SubdivisionCode needs a CountryCode", config(A + ", SetIdentifier: a, GeoLocation: {ContinentCode:"
            + " EU, SubdivisionCode: BY}"), rs(0) + ".GeoLocation.SubdivisionCode", "needs a CountryCode"),
        argumentSet("CidrRoutingConfig names a collection", config(A + ", SetIdentifier: a, CidrRoutingConfig:"
            + " {CollectionId: x, LocationName: berlin}"), rs(0) + ".CidrRoutingConfig.CollectionId",
            "no CIDR collection 'x' (have offices)"),
        argumentSet("CidrRoutingConfig names a location of it", config(A + ", SetIdentifier: a, CidrRoutingConfig:"
            + " {CollectionId: offices, LocationName: rome}"), rs(0) + ".CidrRoutingConfig.LocationName",
            "collection 'offices' has no location 'rome' (use '*' for the default)"),
        argumentSet("an alias has no TTL", config(alias("target", ", TTL: 60"), "Name: target, Type: A, TTL: 60,"
            + " ResourceRecords: [{Value: 127.0.0.2}]"), rs(0) + ".TTL",
            "not allowed for an alias record (it answers with its target's TTL)"),
        argumentSet("an alias has no ResourceRecords", config(alias("target", ", ResourceRecords: [{Value: 127.0.0.2}]"),
            "Name: target, Type: A, TTL: 60, ResourceRecords: [{Value: 127.0.0.2}]"), rs(0) + ".ResourceRecords",
            "not allowed for an alias record (it answers with its target's)"),
        argumentSet("EvaluateTargetHealth is required", config(alias("target", "").replace(", EvaluateTargetHealth: true",
            ""), "Name: target, Type: A, TTL: 60, ResourceRecords: [{Value: 127.0.0.2}]"),
            rs(0) + ".AliasTarget.EvaluateTargetHealth", "required"),
        argumentSet("a failover alias evaluates target health", config(alias("target", ", SetIdentifier: p,"
            + " Failover: PRIMARY").replace("EvaluateTargetHealth: true", "EvaluateTargetHealth: false"),
            "Name: target, Type: A, TTL: 60, ResourceRecords: [{Value: 127.0.0.2}]"),
            rs(0) + ".AliasTarget.EvaluateTargetHealth", "must be true for a failover alias record"),
        argumentSet("an alias target exists", config(alias("nope", "")), rs(0) + ".AliasTarget.DNSName",
            "the alias target nope.example.test. A does not exist in zone example.test."),
        argumentSet("an alias target's hosted zone exists", config(alias("www.nope.test.", "").replace(
            "HostedZoneId: example.test", "HostedZoneId: nope.test")), rs(0) + ".AliasTarget.HostedZoneId",
            "no hosted zone nope.test."),
        argumentSet("alias records form no cycle", config(alias("api", ""), alias("www", "").replace("Name: www",
            "Name: api")), rs(0) + ".AliasTarget", "alias records form a cycle through www.example.test. A"),
        argumentSet("an alias tree routes by one client table",
            config(alias("lat", ", SetIdentifier: a, Weight: 1"), alias("geo", ", SetIdentifier: b, Weight: 1"),
                "Name: lat, Type: A, TTL: 60, SetIdentifier: eu, Region: eu, ResourceRecords: [{Value: 127.0.0.2}]",
                "Name: geo, Type: A, TTL: 60, SetIdentifier: d, GeoLocation: {CountryCode: '*'},"
                    + " ResourceRecords: [{Value: 127.0.0.3}]"),
            rs(0) + ".AliasTarget", "this alias tree routes by geolocation and latency; a name routes by one client"
                + " table only (latency, geolocation or one CIDR collection)"),
        argumentSet("no multivalue alias", config(alias("target", ", SetIdentifier: a, MultiValueAnswer: true"),
            "Name: target, Type: A, TTL: 60, ResourceRecords: [{Value: 127.0.0.2}]"), rs(0) + ".MultiValueAnswer",
            "not allowed for an alias record"),
        argumentSet("no multivalue CNAME", config("Name: www, Type: CNAME, TTL: 60, ResourceRecords: [{Value: a}],"
            + " SetIdentifier: a, MultiValueAnswer: true"), rs(0) + ".MultiValueAnswer", "not allowed for CNAME records"),
        argumentSet("one routing policy per name and type", config(A + ", SetIdentifier: a, Weight: 1",
            A + ", SetIdentifier: b, Region: eu"), rs(1),
            "weighted and latency records may not share www.example.test. A (weighted: ResourceRecordSets[0])"),
        argumentSet("simple and weighted do not mix", config(A, A + ", SetIdentifier: b, Weight: 1"), rs(1),
            "simple and weighted records may not share www.example.test. A (simple: ResourceRecordSets[0])"),
        argumentSet("a weighted group shares one TTL", config(A + ", SetIdentifier: a, Weight: 1",
            A.replace("TTL: 60", "TTL: 30") + ", SetIdentifier: b, Weight: 1"), rs(1) + ".TTL",
            "weighted record sets of www.example.test. A must share one TTL (ResourceRecordSets[0] has 60, this one 30)"),
        argumentSet("one record set per latency region", config(A + ", SetIdentifier: a, Region: eu",
            A + ", SetIdentifier: b, Region: eu"), rs(1) + ".Region",
            "two record sets for region eu at www.example.test. A (also ResourceRecordSets[0])"),
        argumentSet("one record set per geolocation", config(A + ", SetIdentifier: a, GeoLocation: {CountryCode: DE}",
            A + ", SetIdentifier: b, GeoLocation: {CountryCode: DE}"), rs(1) + ".GeoLocation",
            "two record sets for location DE at www.example.test. A (also ResourceRecordSets[0])"),
        argumentSet("one record set per CIDR location", config(
            A + ", SetIdentifier: a, CidrRoutingConfig: {CollectionId: offices, LocationName: berlin}",
            A + ", SetIdentifier: b, CidrRoutingConfig: {CollectionId: offices, LocationName: berlin}"),
            rs(1) + ".CidrRoutingConfig.LocationName",
            "two record sets for CIDR location 'berlin' at www.example.test. A (also ResourceRecordSets[0])"),
        argumentSet("SetIdentifier is unique per name and type", config(A + ", SetIdentifier: a, Weight: 1",
            A + ", SetIdentifier: a, Weight: 2"), rs(1) + ".SetIdentifier",
            "duplicate SetIdentifier 'a' for www.example.test. A (also ResourceRecordSets[0])"),
        argumentSet("AllUnhealthy is one of three", config(A + ", AllUnhealthy: serve-some"), rs(0) + ".AllUnhealthy",
            "must be serve-all, serve-none or serve-last-healthy, got 'serve-some'"),
        argumentSet("a group has one AllUnhealthy", config(A + ", SetIdentifier: a, Weight: 1, AllUnhealthy: serve-none",
            A + ", SetIdentifier: b, Weight: 1"), rs(1) + ".AllUnhealthy", "every record set of www.example.test. A"
                + " must have the same AllUnhealthy (ResourceRecordSets[0] has serve-none, this one serve-all)"),
        argumentSet("NextBest names configured regions", tables("LatencyRegions: [{Region: eu, CidrList: [10.0.0.0/8],"
            + " NextBest: [mars]}]"), "LatencyRegions[0].NextBest[0]", "no latency region 'mars'"),
        argumentSet("regions are unique", tables("LatencyRegions: [{Region: eu, CidrList: [10.0.0.0/8]},"
            + " {Region: eu, CidrList: [11.0.0.0/8]}]"), "LatencyRegions[1].Region", "duplicate region 'eu'"),
        argumentSet("a CIDR block belongs to one region", tables("LatencyRegions: [{Region: eu, CidrList: [10.0.0.0/8]},"
            + " {Region: us, CidrList: [10.0.0.0/8]}]"), "LatencyRegions[1].CidrList", "10.0.0.0/8 is in region eu already"),
        argumentSet("a CIDR block has no host bits", tables("LatencyRegions: [{Region: eu, CidrList: [10.0.0.1/8]}]"),
            "LatencyRegions[0].CidrList[0]", "'10.0.0.1/8' has host bits set (did you mean 10.0.0.0/8?)"),
        argumentSet("a CIDR location name is Route 53's", tables("CidrCollections: [{Id: c, Locations: [{LocationName:"
            + " 'a b', CidrList: [10.0.0.0/8]}]}]"), "CidrCollections[0].Locations[0].LocationName",
            "must be 1-16 letters, digits, '_' or '-', got 'a b'"),
        argumentSet("a CIDR block is in one location of a collection", tables("CidrCollections: [{Id: c, Locations:"
            + " [{LocationName: a, CidrList: [10.0.0.0/8]}, {LocationName: b, CidrList: [10.0.0.0/8]}]}]"),
            "CidrCollections[0].Locations[1].CidrList", "10.0.0.0/8 is in location 'a' of this collection already"),
        argumentSet("collection ids are unique", tables("CidrCollections: [{Id: c, Locations: []}, {Id: c, Locations:"
            + " []}]"), "CidrCollections[1].Id", "duplicate CIDR collection 'c'"),
        argumentSet("the geolocation database exists", tables("GeoLocationDatabase: /nonexistent/geo.mmdb"),
            "GeoLocationDatabase", "cannot read /nonexistent/geo.mmdb: no such file"),
        argumentSet("geolocation needs a database", "HostedZones: [{Name: example.test., ResourceRecordSets: [{" + A
            + ", SetIdentifier: a, GeoLocation: {CountryCode: DE}}]}]", rs(0) + ".GeoLocation",
            "geolocation routing needs GeoLocationDatabase (a MaxMind .mmdb file) at the top of the config"));
  }

  @ParameterizedTest
  @MethodSource("rules")
  void refusesAConfigThatBreaksARule(String yaml, String path, String message) {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "rule.yaml"));
    assertEquals(List.of(new ConfigProblem(path, message)), e.problems(), yaml);
  }

  @Test
  void aFileThatIsNoMaxMindDatabaseIsAProblem(@TempDir Path dir) throws Exception {
    Path junk = Files.writeString(dir.resolve("geo.mmdb"), "not a database");
    String yaml = "GeoLocationDatabase: geo.mmdb\nHostedZones: [{Name: example.test., ResourceRecordSets: [{" + A
        + ", SetIdentifier: a, GeoLocation: {CountryCode: DE}}]}]";
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "rule.yaml", dir));
    assertEquals("GeoLocationDatabase", e.problems().getFirst().path());
    assertTrue(e.problems().getFirst().message().startsWith("cannot read " + junk + ": "), e.getMessage());
  }

  @Test
  void readsEveryRoutingFieldIntoTheModel() throws Exception {
    var state = ConfigLoader.parse(config(
        A + ", SetIdentifier: w, Weight: 7, HealthCheckId: a, AllUnhealthy: serve-none",
        A.replace("www", "lat") + ", SetIdentifier: l, Region: us",
        A.replace("www", "geo") + ", SetIdentifier: g, GeoLocation: {CountryCode: DE, SubdivisionCode: BY}",
        A.replace("www", "ip") + ", SetIdentifier: i, CidrRoutingConfig: {CollectionId: offices, LocationName: '*'}",
        A.replace("www", "mv") + ", SetIdentifier: m, MultiValueAnswer: true",
        "Name: example.test, Type: A, AliasTarget: {HostedZoneId: example.test., DNSName: WWW.example.test,"
            + " EvaluateTargetHealth: true}"), "ok.yaml");
    List<RecordSet> sets = state.hostedZones().getFirst().recordSets();
    assertEquals(new Routing.Weighted(7), sets.get(0).routing());
    assertEquals(AllUnhealthy.SERVE_NONE, sets.get(0).allUnhealthy());
    assertEquals(new Routing.Latency("us"), sets.get(1).routing());
    assertEquals(new Routing.Geo(new GeoLocation("", "DE", "BY")), sets.get(2).routing());
    assertEquals(new Routing.Cidr("offices", "*"), sets.get(3).routing());
    assertEquals(new Routing.MultiValue(), sets.get(4).routing());
    assertEquals(Optional.of(new AliasTarget("example.test.", "www.example.test.", true)), sets.get(5).aliasTarget());
    assertEquals(0, sets.get(5).ttl());
    RoutingConfig routing = state.routing();
    assertEquals(List.of("eu", "us", "ap"), routing.latencyRegions().stream().map(RoutingConfig.LatencyRegion::region)
        .toList());
    assertEquals(List.of(new RoutingConfig.GeoNetwork("10.100.0.0/16", new GeoLocation("", "DE", "BY")),
        new RoutingConfig.GeoNetwork("2001:db8:100::/48", new GeoLocation("", "DE", "BY"))),
        routing.geoNetworks().stream().sorted(java.util.Comparator.comparing(RoutingConfig.GeoNetwork::cidr)).toList(),
        "only networks in places a record set names (not the rest of DE), with only the codes that matter");
    assertEquals(RoutingFixture.GEO_DB.toString(), routing.geoDatabase());
  }
}
