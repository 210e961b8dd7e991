package dev.vigil.controller.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One broken rule per case: the file must be refused with exactly that problem, at exactly that path. */
@Timeout(10)
class ConfigRulesTest {

  private static final String HC = "HealthChecks[0].HealthCheckConfig";
  private static final String TYPES = "HTTP, HTTPS, HTTP_STR_MATCH, HTTPS_STR_MATCH, TCP or CALCULATED";
  private static final String ID_RULE = "must be 1-64 letters, digits, '_', '.' or '-'";
  private static final String A = "Name: www, Type: A, TTL: 60, ResourceRecords: [{Value: 127.0.0.2}]";

  /** A file with one health check whose HealthCheckConfig holds {@code config}. */
  static String check(String config) {
    return "HealthChecks:\n  - Id: hc\n    HealthCheckConfig: {" + config + "}\n";
  }

  /** A file with a valid health check "hc" and zone example.test. holding {@code recordSets}. */
  static String records(String... recordSets) {
    StringBuilder yaml = new StringBuilder("""
        HealthChecks:
          - {Id: hc, HealthCheckConfig: {Type: TCP, IPAddress: 127.0.0.2, Port: 5432}}
        HostedZones:
          - Name: example.test.
            ResourceRecordSets:
        """);
    for (String recordSet : recordSets) {
      yaml.append("      - {").append(recordSet).append("}\n");
    }
    return yaml.toString();
  }

  static String rs(int index) {
    return "HostedZones[0].ResourceRecordSets[" + index + "]";
  }

  static Stream<Arguments> healthCheckRules() {
    String long256 = "a".repeat(256);
    return Stream.of(
        argumentSet("HealthChecks must be a list", "HealthChecks: {Id: hc}",
            "HealthChecks", "must be a list, got a mapping"),
        argumentSet("a health check is a mapping", "HealthChecks: [hc]",
            "HealthChecks[0]", "must be a mapping, got a string"),
        argumentSet("Id is required", "HealthChecks: [{HealthCheckConfig: {Type: TCP, IPAddress: 127.0.0.2}}]",
            "HealthChecks[0].Id", "required"),
        argumentSet("Id has no spaces", check("Type: TCP, IPAddress: 127.0.0.2").replace("Id: hc", "Id: 'h c'"),
            "HealthChecks[0].Id", ID_RULE + ", got 'h c'"),
        argumentSet("Id has at most 64 characters",
            check("Type: TCP, IPAddress: 127.0.0.2").replace("Id: hc", "Id: " + "i".repeat(65)),
            "HealthChecks[0].Id", ID_RULE + ", got '" + "i".repeat(65) + "'"),
        argumentSet("Id is a string", check("Type: TCP, IPAddress: 127.0.0.2").replace("Id: hc", "Id: [hc]"),
            "HealthChecks[0].Id", "must be a string, got a list"),
        argumentSet("HealthCheckConfig is required", "HealthChecks: [{Id: hc}]",
            HC, "required"),
        argumentSet("HealthCheckConfig is a mapping", "HealthChecks: [{Id: hc, HealthCheckConfig: [TCP]}]",
            HC, "must be a mapping, got a list"),
        argumentSet("unknown field next to Id", "HealthChecks: [{Id: hc, Comment: x,"
            + " HealthCheckConfig: {Type: TCP, IPAddress: 127.0.0.2}}]",
            "HealthChecks[0].Comment", "unknown field (expected Id or HealthCheckConfig)"),
        argumentSet("Type is required", check("IPAddress: 127.0.0.2"), HC + ".Type", "required"),
        argumentSet("Type is known", check("Type: HTTPX, IPAddress: 127.0.0.2"),
            HC + ".Type", "must be " + TYPES + ", got 'HTTPX'"),
        argumentSet("Type is upper case", check("Type: http, IPAddress: 127.0.0.2"),
            HC + ".Type", "must be " + TYPES + ", got 'http'"),
        argumentSet("a CALCULATED check has no endpoint",
            check("Type: CALCULATED, ChildHealthChecks: [], HealthThreshold: 0, IPAddress: 127.0.0.2"),
            HC + ".IPAddress", "not for CALCULATED checks (they have no endpoint; they combine ChildHealthChecks)"),
        argumentSet("CLOUDWATCH_METRIC is not supported", check("Type: CLOUDWATCH_METRIC, IPAddress: 127.0.0.2"),
            HC + ".Type", "CLOUDWATCH_METRIC is not supported yet"),
        argumentSet("an endpoint is required", check("Type: HTTP"),
            HC, "needs IPAddress or FullyQualifiedDomainName"),
        argumentSet("IPAddress is an address", check("Type: HTTP, IPAddress: 300.1.1.1"),
            HC + ".IPAddress", "must be an IPv4 or IPv6 address, got '300.1.1.1'"),
        argumentSet("IPAddress is never looked up", check("Type: HTTP, IPAddress: localhost"),
            HC + ".IPAddress", "must be an IPv4 or IPv6 address, got 'localhost'"),
        argumentSet("IPAddress is a string", check("Type: HTTP, IPAddress: 2130706433"),
            HC + ".IPAddress", "must be a string, got a number"),
        argumentSet("FullyQualifiedDomainName has at most 255 characters",
            check("Type: HTTP, FullyQualifiedDomainName: " + long256),
            HC + ".FullyQualifiedDomainName", "must be 1-255 characters, got 256"),
        argumentSet("FullyQualifiedDomainName is a domain name", check("Type: HTTP, FullyQualifiedDomainName: a..b"),
            HC + ".FullyQualifiedDomainName", "not a valid domain name: 'a..b': invalid empty label"),
        argumentSet("Port is at least 1", check("Type: TCP, IPAddress: 127.0.0.2, Port: 0"),
            HC + ".Port", "must be 1-65535, got 0"),
        argumentSet("Port is at most 65535", check("Type: TCP, IPAddress: 127.0.0.2, Port: 65536"),
            HC + ".Port", "must be 1-65535, got 65536"),
        argumentSet("Port is a number, not a string", check("Type: TCP, IPAddress: 127.0.0.2, Port: '80'"),
            HC + ".Port", "must be a whole number, got a string \"80\""),
        argumentSet("Port is a whole number", check("Type: TCP, IPAddress: 127.0.0.2, Port: 80.5"),
            HC + ".Port", "must be a whole number, got a number 80.5"),
        argumentSet("ResourcePath is not for TCP", check("Type: TCP, IPAddress: 127.0.0.2, ResourcePath: /"),
            HC + ".ResourcePath", "not allowed for TCP checks"),
        argumentSet("ResourcePath starts with a slash", check("Type: HTTP, IPAddress: 127.0.0.2, ResourcePath: up"),
            HC + ".ResourcePath", "must start with '/', got 'up'"),
        argumentSet("ResourcePath has at most 255 characters",
            check("Type: HTTP, IPAddress: 127.0.0.2, ResourcePath: /" + "p".repeat(255)),
            HC + ".ResourcePath", "must be at most 255 characters, got 256"),
        argumentSet("SearchString is required for string matching", check("Type: HTTP_STR_MATCH, IPAddress: 127.0.0.2"),
            HC + ".SearchString", "required"),
        argumentSet("SearchString only for string matching", check("Type: HTTPS, IPAddress: 127.0.0.2, SearchString: ok"),
            HC + ".SearchString", "only for HTTP_STR_MATCH and HTTPS_STR_MATCH checks"),
        argumentSet("SearchString has at most 255 characters",
            check("Type: HTTPS_STR_MATCH, IPAddress: 127.0.0.2, SearchString: " + long256),
            HC + ".SearchString", "must be 1-255 characters, got 256"),
        argumentSet("SearchString is not empty", check("Type: HTTP_STR_MATCH, IPAddress: 127.0.0.2, SearchString: ''"),
            HC + ".SearchString", "must be 1-255 characters, got 0"),
        argumentSet("RequestInterval is at least 1", check("Type: TCP, IPAddress: 127.0.0.2, RequestInterval: 0"),
            HC + ".RequestInterval", "must be at least 1, got 0"),
        argumentSet("RequestInterval is whole seconds", check("Type: TCP, IPAddress: 127.0.0.2, RequestInterval: 0.5"),
            HC + ".RequestInterval", "must be a whole number, got a number 0.5"),
        argumentSet("FailureThreshold is at least 1", check("Type: TCP, IPAddress: 127.0.0.2, FailureThreshold: 0"),
            HC + ".FailureThreshold", "must be 1-10, got 0"),
        argumentSet("FailureThreshold is at most 10", check("Type: TCP, IPAddress: 127.0.0.2, FailureThreshold: 11"),
            HC + ".FailureThreshold", "must be 1-10, got 11"),
        argumentSet("Inverted is a boolean", check("Type: TCP, IPAddress: 127.0.0.2, Inverted: 'true'"),
            HC + ".Inverted", "must be true or false, got a string \"true\""),
        argumentSet("Disabled is a boolean", check("Type: TCP, IPAddress: 127.0.0.2, Disabled: 1"),
            HC + ".Disabled", "must be true or false, got a number 1"),
        argumentSet("MeasureLatency is a boolean", check("Type: TCP, IPAddress: 127.0.0.2, MeasureLatency: 'yes'"),
            HC + ".MeasureLatency", "must be true or false, got a string \"yes\""),
        argumentSet("EnableSNI is a boolean", check("Type: HTTPS, IPAddress: 127.0.0.2, EnableSNI: [true]"),
            HC + ".EnableSNI", "must be true or false, got a list [true]"),
        argumentSet("VerifyCertificate is only for HTTPS types",
            check("Type: HTTP, IPAddress: 127.0.0.2, VerifyCertificate: true"),
            HC + ".VerifyCertificate", "only for HTTPS and HTTPS_STR_MATCH checks"),
        argumentSet("VerifyCertificate is a boolean", check("Type: HTTPS, IPAddress: 127.0.0.2, VerifyCertificate: 1"),
            HC + ".VerifyCertificate", "must be true or false, got a number 1"),
        argumentSet("Regions is a list", check("Type: TCP, IPAddress: 127.0.0.2, Regions: eu"),
            HC + ".Regions", "must be a list, got a string"),
        argumentSet("a region is a name", check("Type: TCP, IPAddress: 127.0.0.2, Regions: ['eu west']"),
            HC + ".Regions[0]", ID_RULE + ", got 'eu west'"),
        argumentSet("a region is a string", check("Type: TCP, IPAddress: 127.0.0.2, Regions: [eu, {a: 1}]"),
            HC + ".Regions[1]", "must be a string, got a mapping"),
        argumentSet("a region is listed once", check("Type: TCP, IPAddress: 127.0.0.2, Regions: [eu, us, eu]"),
            HC + ".Regions[2]", "duplicate region 'eu'"),
        argumentSet("a misspelt field is named", check("Type: TCP, IPAddress: 127.0.0.2, Invertd: true"),
            HC + ".Invertd", "unknown field (did you mean Inverted?)"),
        argumentSet("a wrongly cased field is named", check("Type: TCP, IPaddress: 127.0.0.2, IPAddress: 127.0.0.2"),
            HC + ".IPaddress", "unknown field (did you mean IPAddress?)"),
        argumentSet("Route 53 fields we lack say so",
            check("Type: TCP, IPAddress: 127.0.0.2, InsufficientDataHealthStatus: Healthy"),
            HC + ".InsufficientDataHealthStatus", "not supported yet"),
        argumentSet("HealthQuorum is a mapping", check("Type: TCP, IPAddress: 127.0.0.2, HealthQuorum: 0.5"),
            HC + ".HealthQuorum", "must be a mapping, got a number"),
        argumentSet("HealthQuorum needs a rule", check("Type: TCP, IPAddress: 127.0.0.2, HealthQuorum: {}"),
            HC + ".HealthQuorum", "needs exactly one of HealthyFractionAbove (e.g. 0.5 for a majority, 0.18 as "
                + "Route 53) or HealthyRegionsAtLeast (e.g. 2)"),
        argumentSet("HealthyFractionAbove is below 1",
            check("Type: TCP, IPAddress: 127.0.0.2, HealthQuorum: {HealthyFractionAbove: 1}"),
            HC + ".HealthQuorum.HealthyFractionAbove", "must be a fraction in [0, 1), e.g. 0.5 for a majority, got 1"),
        argumentSet("HealthyFractionAbove is not negative",
            check("Type: TCP, IPAddress: 127.0.0.2, HealthQuorum: {HealthyFractionAbove: -0.1}"),
            HC + ".HealthQuorum.HealthyFractionAbove", "must be a fraction in [0, 1), e.g. 0.5 for a majority, got -0.1"),
        argumentSet("HealthyFractionAbove is a number",
            check("Type: TCP, IPAddress: 127.0.0.2, HealthQuorum: {HealthyFractionAbove: half}"),
            HC + ".HealthQuorum.HealthyFractionAbove", "must be a number, got a string \"half\""),
        argumentSet("HealthQuorum has no other fields",
            check("Type: TCP, IPAddress: 127.0.0.2, HealthQuorum: {HealthyFractionAbove: 0.5, MinRegions: 2}"),
            HC + ".HealthQuorum.MinRegions", "unknown field (expected HealthyFractionAbove or HealthyRegionsAtLeast)"),
        argumentSet("Ids are unique", """
            HealthChecks:
              - {Id: hc, HealthCheckConfig: {Type: TCP, IPAddress: 127.0.0.2}}
              - {Id: hc, HealthCheckConfig: {Type: TCP, IPAddress: 127.0.0.3}}
            """, "HealthChecks[1].Id", "duplicate Id 'hc' (also HealthChecks[0].Id)"));
  }

  static Stream<Arguments> zoneRules() {
    return Stream.of(
        argumentSet("the file is a mapping", "- HealthChecks", "", "must be a mapping, got a list"),
        argumentSet("top-level keys are known", "HealthCheck: []",
            "HealthCheck", "unknown field (did you mean HealthChecks?)"),
        argumentSet("top-level typos are named", "Zones: []",
            "Zones", "unknown field (expected HealthChecks, HostedZones, LatencyRegions, CidrCollections"
                + " or GeoLocationDatabase)"),
        argumentSet("HostedZones is a list", "HostedZones: example.test.", "HostedZones", "must be a list, got a string"),
        argumentSet("a zone has a Name", "HostedZones: [{ResourceRecordSets: []}]", "HostedZones[0].Name", "required"),
        argumentSet("a zone Name is a DNS name", "HostedZones: [{Name: 'a..test'}]",
            "HostedZones[0].Name", "not a valid DNS name: 'a..test': invalid empty label"),
        argumentSet("a zone Name is not empty", "HostedZones: [{Name: ''}]", "HostedZones[0].Name", "must not be empty"),
        argumentSet("zones are unique after normalising", "HostedZones: [{Name: example.test.}, {Name: EXAMPLE.test}]",
            "HostedZones[1].Name", "duplicate zone example.test. (also HostedZones[0].Name)"),
        argumentSet("zone fields are known", "HostedZones: [{Name: example.test., Records: []}]",
            "HostedZones[0].Records", "unknown field (expected Name, ResourceRecordSets or ZoneFile)"),
        argumentSet("ResourceRecordSets is a list", "HostedZones: [{Name: example.test., ResourceRecordSets: {}}]",
            "HostedZones[0].ResourceRecordSets", "must be a list, got a mapping"),
        argumentSet("a record set has a Name", records("Type: A, TTL: 60, ResourceRecords: [{Value: 127.0.0.2}]"),
            rs(0) + ".Name", "required"),
        argumentSet("a record set Name is not empty", records(A.replace("Name: www", "Name: ''")),
            rs(0) + ".Name", "must not be empty"),
        argumentSet("a record set Name is a DNS name", records(A.replace("Name: www", "Name: 'a..b'")),
            rs(0) + ".Name", "not a valid DNS name: 'a..b': invalid empty label"),
        argumentSet("a record set Name is in the zone", records(A.replace("Name: www", "Name: www.other.test.")),
            rs(0) + ".Name", "www.other.test. is not in zone example.test."),
        argumentSet("a record set has a Type", records("Name: www, TTL: 60, ResourceRecords: [{Value: 127.0.0.2}]"),
            rs(0) + ".Type", "required"),
        argumentSet("Type is known and upper case", records(A.replace("Type: A", "Type: a")),
            rs(0) + ".Type", "must be A, AAAA, CNAME, MX, TXT, NS, SOA, SRV, PTR, CAA or SPF, got 'a'"),
        argumentSet("Route 53 types we lack say so", records(A.replace("Type: A", "Type: TLSA")),
            rs(0) + ".Type", "TLSA records are not supported yet"),
        argumentSet("TTL is required", records("Name: www, Type: A, ResourceRecords: [{Value: 127.0.0.2}]"),
            rs(0) + ".TTL", "required"),
        argumentSet("TTL is not negative", records(A.replace("TTL: 60", "TTL: -1")),
            rs(0) + ".TTL", "must be 0-2147483647, got -1"),
        argumentSet("TTL fits 31 bits", records(A.replace("TTL: 60", "TTL: 2147483648")),
            rs(0) + ".TTL", "must be 0-2147483647, got 2147483648"),
        argumentSet("TTL is a number", records(A.replace("TTL: 60", "TTL: '60'")),
            rs(0) + ".TTL", "must be a whole number, got a string \"60\""),
        argumentSet("Failover is PRIMARY or SECONDARY", records(A + ", SetIdentifier: a, Failover: primary"),
            rs(0) + ".Failover", "must be PRIMARY or SECONDARY, got 'primary'"),
        argumentSet("Failover needs a SetIdentifier", records(A + ", Failover: PRIMARY"),
            rs(0) + ".SetIdentifier", "required with Failover"),
        argumentSet("SetIdentifier needs a routing policy", records(A + ", SetIdentifier: a"),
            rs(0) + ".SetIdentifier", "only for record sets with a routing policy (add Failover, Weight, Region,"
                + " GeoLocation, CidrRoutingConfig or MultiValueAnswer)"),
        argumentSet("SetIdentifier has at most 128 characters",
            records(A + ", Failover: PRIMARY, SetIdentifier: " + "s".repeat(129)),
            rs(0) + ".SetIdentifier", "must be 1-128 characters, got 129"),
        argumentSet("SetIdentifier is not empty", records(A + ", Failover: PRIMARY, SetIdentifier: ''"),
            rs(0) + ".SetIdentifier", "must be 1-128 characters, got 0"),
        argumentSet("HealthCheckId names a health check", records(A + ", HealthCheckId: web"),
            rs(0) + ".HealthCheckId", "no health check with Id 'web'"),
        argumentSet("ResourceRecords is required", records("Name: www, Type: A, TTL: 60"),
            rs(0) + ".ResourceRecords", "required"),
        argumentSet("ResourceRecords is not empty", records("Name: www, Type: A, TTL: 60, ResourceRecords: []"),
            rs(0) + ".ResourceRecords", "must have at least one record"),
        argumentSet("a resource record is a mapping", records("Name: www, Type: A, TTL: 60, ResourceRecords: [127.0.0.2]"),
            rs(0) + ".ResourceRecords[0]", "must be a mapping, got a string"),
        argumentSet("a resource record has a Value", records("Name: www, Type: A, TTL: 60, ResourceRecords: [{}]"),
            rs(0) + ".ResourceRecords[0].Value", "required"),
        argumentSet("a resource record has only a Value",
            records("Name: www, Type: A, TTL: 60, ResourceRecords: [{Value: 127.0.0.2, Weight: 1}]"),
            rs(0) + ".ResourceRecords[0].Weight", "unknown field (expected Value)"),
        argumentSet("a Value is a string", records("Name: www, Type: TXT, TTL: 60, ResourceRecords: [{Value: 42}]"),
            rs(0) + ".ResourceRecords[0].Value", "must be a string, got a number"),
        argumentSet("an A Value is an IPv4 address", records("Name: www, Type: A, TTL: 60, ResourceRecords: [{Value: '::1'}]"),
            rs(0) + ".ResourceRecords[0].Value", "not a valid A value: Invalid address: ::1"),
        argumentSet("an AAAA Value is an IPv6 address",
            records("Name: www, Type: AAAA, TTL: 60, ResourceRecords: [{Value: 127.0.0.2}]"),
            rs(0) + ".ResourceRecords[0].Value", "not a valid AAAA value: Invalid address: 127.0.0.2"),
        argumentSet("an MX Value has a preference", records("Name: www, Type: MX, TTL: 60, ResourceRecords: [{Value: mail}]"),
            rs(0) + ".ResourceRecords[0].Value", "not a valid MX value: expected an integer"),
        argumentSet("a Value has nothing after its fields",
            records("Name: www, Type: CNAME, TTL: 60, ResourceRecords: [{Value: 'a b'}]"),
            rs(0) + ".ResourceRecords[0].Value",
            "not a valid CNAME value: unexpected tokens at end of record (wanted EOL/EOF, got <identifier: b>)"),
        argumentSet("Values are distinct",
            records("Name: www, Type: AAAA, TTL: 60, ResourceRecords: [{Value: '::1'}, {Value: '::2'},"
                + " {Value: '0:0::0:1'}]"),
            rs(0) + ".ResourceRecords[2].Value", "duplicate of ResourceRecords[0]"),
        argumentSet("a CNAME has one Value",
            records("Name: www, Type: CNAME, TTL: 60, ResourceRecords: [{Value: a}, {Value: b}]"),
            rs(0) + ".ResourceRecords", "a CNAME record set has exactly one record, got 2"),
        argumentSet("Route 53 record fields we lack say so", records(A + ", GeoProximityLocation: {AWSRegion: x}"),
            rs(0) + ".GeoProximityLocation", "not supported yet"),
        argumentSet("a misspelt record field is named", records(A + ", Failvoer: PRIMARY"),
            rs(0) + ".Failvoer", "unknown field (did you mean Failover?)"),
        argumentSet("one simple record set per name and type", records(A, A.replace("127.0.0.2", "127.0.0.3")),
            rs(1), "two simple records for www.example.test. A (also ResourceRecordSets[0])"),
        argumentSet("simple and failover do not mix", records(A, A + ", SetIdentifier: p, Failover: PRIMARY"),
            rs(1), "simple and failover records may not share www.example.test. A (simple: ResourceRecordSets[0])"),
        argumentSet("one PRIMARY per name and type",
            records(A + ", SetIdentifier: a, Failover: PRIMARY", A + ", SetIdentifier: b, Failover: PRIMARY"),
            rs(1) + ".Failover", "two PRIMARY records for www.example.test. A (also ResourceRecordSets[0])"),
        argumentSet("one SECONDARY per name and type",
            records(A + ", SetIdentifier: a, Failover: SECONDARY", A + ", SetIdentifier: b, Failover: SECONDARY"),
            rs(1) + ".Failover", "two SECONDARY records for www.example.test. A (also ResourceRecordSets[0])"),
        argumentSet("SetIdentifier is unique per name and type",
            records(A + ", SetIdentifier: a, Failover: PRIMARY", A + ", SetIdentifier: a, Failover: SECONDARY"),
            rs(1) + ".SetIdentifier", "duplicate SetIdentifier 'a' for www.example.test. A (also ResourceRecordSets[0])"),
        argumentSet("a CNAME is alone at its name",
            records(A, "Name: www, Type: CNAME, TTL: 60, ResourceRecords: [{Value: web}]"),
            rs(1) + ".Type", "CNAME may not coexist with other types at www.example.test. (A at ResourceRecordSets[0])"),
        argumentSet("no CNAME at the apex",
            records("Name: example.test., Type: CNAME, TTL: 60, ResourceRecords: [{Value: www}]"),
            rs(0) + ".Type", "CNAME not allowed at the zone apex example.test."),
        argumentSet("SOA only at the apex",
            records("Name: www, Type: SOA, TTL: 60, ResourceRecords: [{Value: 'ns1 host 1 2 3 4 5'}]"),
            rs(0) + ".Type", "SOA only at the zone apex example.test., not at www.example.test."));
  }

  @ParameterizedTest
  @MethodSource({"healthCheckRules", "zoneRules"})
  void refusesAFileThatBreaksARule(String yaml, String path, String message) {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "rule.yaml"));
    assertEquals(List.of(new ConfigProblem(path, message)), e.problems(), yaml);
  }

  static Stream<Arguments> acceptedRecordSets() {
    return Stream.of(
        argumentSet("one simple record set", List.of(A)),
        argumentSet("the same name with other types", List.of(A,
            "Name: www, Type: AAAA, TTL: 60, ResourceRecords: [{Value: '::1'}]",
            "Name: www, Type: TXT, TTL: 60, ResourceRecords: [{Value: '\"a b\"'}, {Value: c}]")),
        argumentSet("a PRIMARY alone", List.of(A + ", SetIdentifier: p, Failover: PRIMARY, HealthCheckId: hc")),
        argumentSet("a SECONDARY alone", List.of(A + ", SetIdentifier: s, Failover: SECONDARY")),
        argumentSet("a failover pair of CNAMEs", List.of(
            "Name: app, Type: CNAME, TTL: 60, ResourceRecords: [{Value: a}], SetIdentifier: p, Failover: PRIMARY",
            "Name: app, Type: CNAME, TTL: 60, ResourceRecords: [{Value: b}], SetIdentifier: s, Failover: SECONDARY")),
        argumentSet("the same SetIdentifier for another name", List.of(
            A + ", SetIdentifier: p, Failover: PRIMARY",
            A.replace("www", "api") + ", SetIdentifier: p, Failover: PRIMARY")),
        argumentSet("apex SOA and NS plus a delegation", List.of(
            "Name: '@', Type: SOA, TTL: 900, ResourceRecords: [{Value: 'ns1 hostmaster 7 7200 900 1209600 86400'}]",
            "Name: example.test., Type: NS, TTL: 3600, ResourceRecords: [{Value: ns1}, {Value: ns2.other.test.}]",
            "Name: sub, Type: NS, TTL: 3600, ResourceRecords: [{Value: ns.sub}]")),
        argumentSet("every other type", List.of(
            "Name: _sip._tcp, Type: SRV, TTL: 60, ResourceRecords: [{Value: 10 5 5060 sip}]",
            "Name: 2.0.0.127.in-addr.arpa.example.test., Type: PTR, TTL: 60, ResourceRecords: [{Value: www}]",
            "Name: example.test, Type: CAA, TTL: 60, ResourceRecords: [{Value: '0 issue \"ca.test\"'}]",
            "Name: example.test, Type: SPF, TTL: 60, ResourceRecords: [{Value: '\"v=spf1 -all\"'}]",
            "Name: example.test, Type: MX, TTL: 60, ResourceRecords: [{Value: 10 mail}, {Value: 20 mail2}]")),
        argumentSet("a wildcard and TTL bounds", List.of(
            "Name: '*', Type: A, TTL: 0, ResourceRecords: [{Value: 127.0.0.2}]",
            "Name: '*.apps', Type: A, TTL: 2147483647, ResourceRecords: [{Value: 127.0.0.2}]")));
  }

  @ParameterizedTest
  @MethodSource("acceptedRecordSets")
  void acceptsAValidZone(List<String> recordSets) throws ConfigException {
    String yaml = records(recordSets.toArray(String[]::new));
    assertEquals(recordSets.size(), ConfigLoader.parse(yaml, "ok.yaml").hostedZones().getFirst().recordSets().size());
  }
}
