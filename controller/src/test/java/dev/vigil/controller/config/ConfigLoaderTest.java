package dev.vigil.controller.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.controller.model.CheckType;
import dev.vigil.controller.model.DesiredState;
import dev.vigil.controller.model.Failover;
import dev.vigil.controller.model.HealthCheck;
import dev.vigil.controller.model.HostedZone;
import dev.vigil.controller.model.RecordSet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(10)
class ConfigLoaderTest {

  static final DesiredState EXAMPLE = new DesiredState(
      List.of(new HealthCheck("web-primary", CheckType.HTTP, "127.0.0.2", "", 8080, "/", "", 10, 3,
          false, false, false, false, List.of())),
      List.of(new HostedZone("example.test.", List.of(
          new RecordSet("www.example.test.", "A", 60, "primary", Failover.PRIMARY, "web-primary",
              List.of("127.0.0.2")),
          new RecordSet("www.example.test.", "A", 60, "secondary", Failover.SECONDARY, "",
              List.of("127.0.0.3"))))));

  static String resource(String name) throws IOException {
    try (InputStream in = ConfigLoaderTest.class.getResourceAsStream("/config/" + name)) {
      if (in == null) {
        throw new IOException("missing test resource config/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"example.yaml", "example.json"})
  void parsesTheReadmeExampleInYamlAndJson(String file) throws Exception {
    assertEquals(EXAMPLE, ConfigLoader.parse(resource(file), file));
  }

  @Test
  void loadsAFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("vigil.yaml");
    Files.writeString(file, resource("example.yaml"));
    assertEquals(EXAMPLE, ConfigLoader.load(file));
  }

  @Test
  void aMissingFileIsAConfigException(@TempDir Path dir) {
    Path file = dir.resolve("absent.yaml");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
    assertEquals(List.of(new ConfigProblem("", "cannot read: no such file")), e.problems());
    assertEquals(file + ": 1 problem\n  cannot read: no such file", e.getMessage());
  }

  @Test
  void aFileThatIsNotUtf8IsAConfigException(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("latin1.yaml");
    Files.write(file, new byte[] {'#', ' ', (byte) 0xe9, '\n'});
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
    assertEquals(List.of(new ConfigProblem("", "cannot read: not UTF-8 text")), e.problems());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "\n", "# nothing configured yet\n", "---\n", "{}", "~"})
  void anEmptyFileIsAnEmptyState(String text) throws Exception {
    assertEquals(DesiredState.EMPTY, ConfigLoader.parse(text, "empty.yaml"));
  }

  @Test
  void appliesRoute53Defaults() throws Exception {
    DesiredState state = ConfigLoader.parse("""
        HealthChecks:
          - {Id: http, HealthCheckConfig: {Type: HTTP, IPAddress: 127.0.0.2}}
          - {Id: https-by-name, HealthCheckConfig: {Type: HTTPS, FullyQualifiedDomainName: www.example.test}}
          - {Id: https-by-ip, HealthCheckConfig: {Type: HTTPS, IPAddress: "::1"}}
          - {Id: match, HealthCheckConfig: {Type: HTTPS_STR_MATCH, IPAddress: 127.0.0.2,
                                            FullyQualifiedDomainName: a.test, SearchString: ok, EnableSNI: false}}
          - {Id: tcp, HealthCheckConfig: {Type: TCP, IPAddress: 127.0.0.2, Port: 5432, Regions: [eu, us]}}
        """, "defaults.yaml");
    assertEquals(List.of(
        new HealthCheck("http", CheckType.HTTP, "127.0.0.2", "", 80, "/", "", 30, 3,
            false, false, false, false, List.of()),
        new HealthCheck("https-by-name", CheckType.HTTPS, "", "www.example.test", 443, "/", "", 30, 3,
            false, false, false, true, List.of()),
        new HealthCheck("https-by-ip", CheckType.HTTPS, "::1", "", 443, "/", "", 30, 3,
            false, false, false, false, List.of()),
        new HealthCheck("match", CheckType.HTTPS_STR_MATCH, "127.0.0.2", "a.test", 443, "/", "ok", 30, 3,
            false, false, false, false, List.of()),
        new HealthCheck("tcp", CheckType.TCP, "127.0.0.2", "", 5432, "", "", 30, 3,
            false, false, false, false, List.of("eu", "us"))),
        state.healthChecks());
  }

  @Test
  void readsEveryOptionalHealthCheckField() throws Exception {
    DesiredState state = ConfigLoader.parse("""
        HealthChecks:
          - Id: all
            HealthCheckConfig:
              Type: HTTP_STR_MATCH
              IPAddress: 127.0.0.9
              FullyQualifiedDomainName: app.example.test
              Port: 8443
              ResourcePath: /health?deep=1
              SearchString: "status: ok"
              RequestInterval: 1
              FailureThreshold: 10
              MeasureLatency: true
              Inverted: true
              Disabled: true
              EnableSNI: true
              Regions: [eu-west]
              HealthQuorum: {HealthyFractionAbove: 0.5}
        """, "all.yaml");
    assertEquals(List.of(new HealthCheck("all", CheckType.HTTP_STR_MATCH, "127.0.0.9", "app.example.test", 8443,
        "/health?deep=1", "status: ok", 1, 10, true, true, true, true, List.of("eu-west"), false, 0.5)),
        state.healthChecks());
  }

  @Test
  void readsVerifyCertificateAndKeepsItThroughReplication() throws Exception {
    DesiredState state = ConfigLoader.parse("""
        HealthChecks:
          - Id: strict
            HealthCheckConfig: {Type: HTTPS, FullyQualifiedDomainName: app.example.test, VerifyCertificate: true}
          - Id: lax
            HealthCheckConfig: {Type: HTTPS, FullyQualifiedDomainName: app.example.test}
        """, "verify.yaml");
    assertEquals(List.of(true, false), state.healthChecks().stream().map(HealthCheck::verifyCertificate).toList());
    assertEquals(state, dev.vigil.controller.cluster.StateCodec.fromProto(
        dev.vigil.controller.cluster.StateCodec.toProto(state)));
  }

  @Test
  void normalisesNamesLikeRoute53() throws Exception {
    DesiredState state = ConfigLoader.parse("""
        HostedZones:
          - Name: Example.TEST
            ResourceRecordSets:
              - {Name: WWW, Type: A, TTL: 60, ResourceRecords: [{Value: 127.0.0.2}]}
              - {Name: api.example.test, Type: A, TTL: 60, ResourceRecords: [{Value: 127.0.0.3}]}
              - {Name: "@", Type: MX, TTL: 300, ResourceRecords: [{Value: 10 mail}]}
              - {Name: example.test, Type: TXT, TTL: 300, ResourceRecords: [{Value: '"v=spf1 -all"'}]}
              - {Name: "*.Apps.example.test.", Type: CNAME, TTL: 0, ResourceRecords: [{Value: www}]}
        """, "names.yaml");
    assertEquals(List.of(new HostedZone("example.test.", List.of(
        new RecordSet("www.example.test.", "A", 60, "", Failover.NONE, "", List.of("127.0.0.2")),
        new RecordSet("api.example.test.", "A", 60, "", Failover.NONE, "", List.of("127.0.0.3")),
        new RecordSet("example.test.", "MX", 300, "", Failover.NONE, "", List.of("10 mail")),
        new RecordSet("example.test.", "TXT", 300, "", Failover.NONE, "", List.of("\"v=spf1 -all\"")),
        new RecordSet("*.apps.example.test.", "CNAME", 0, "", Failover.NONE, "", List.of("www"))))),
        state.hostedZones());
  }

  @Test
  void readsSeveralZonesWithoutRecords() throws Exception {
    DesiredState state = ConfigLoader.parse("HostedZones: [{Name: a.test.}, {Name: b.test, ResourceRecordSets: []}]",
        "zones.yaml");
    assertEquals(List.of(new HostedZone("a.test.", List.of()), new HostedZone("b.test.", List.of())),
        state.hostedZones());
  }

  @Test
  void listsEveryProblemOfAFileNotJustTheFirst() throws Exception {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.parse(resource("several-problems.yaml"), "several-problems.yaml"));
    assertEquals(List.of(
        new ConfigProblem("HealthChecks[0].HealthCheckConfig.Prot", "unknown field (did you mean Port?)"),
        new ConfigProblem("HealthChecks[0].HealthCheckConfig.FailureThreshold", "must be 1-10, got 11"),
        new ConfigProblem("HealthChecks[1].Id", "duplicate Id 'web' (also HealthChecks[0].Id)"),
        new ConfigProblem("HealthChecks[1].HealthCheckConfig.Type", "CLOUDWATCH_METRIC is not supported yet"),
        new ConfigProblem("HostedZones[0].ResourceRecordSets[1].HealthCheckId", "no health check with Id 'nope'"),
        new ConfigProblem("HostedZones[0].ResourceRecordSets[1].ResourceRecords[0].Value",
            "not a valid A value: Invalid address: 127.0.0.300"),
        new ConfigProblem("HostedZones[0].ResourceRecordSets[1].Failover",
            "two PRIMARY records for www.example.test. A (also ResourceRecordSets[0])")),
        e.problems());
    assertEquals("""
        several-problems.yaml: 7 problems
          HealthChecks[0].HealthCheckConfig.Prot: unknown field (did you mean Port?)
          HealthChecks[0].HealthCheckConfig.FailureThreshold: must be 1-10, got 11
          HealthChecks[1].Id: duplicate Id 'web' (also HealthChecks[0].Id)
          HealthChecks[1].HealthCheckConfig.Type: CLOUDWATCH_METRIC is not supported yet
          HostedZones[0].ResourceRecordSets[1].HealthCheckId: no health check with Id 'nope'
          HostedZones[0].ResourceRecordSets[1].ResourceRecords[0].Value: not a valid A value: Invalid address: \
        127.0.0.300
          HostedZones[0].ResourceRecordSets[1].Failover: two PRIMARY records for www.example.test. A \
        (also ResourceRecordSets[0])""", e.getMessage());
  }

  @Test
  void brokenYamlGivesOneProblemWithLineAndColumn() {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("""
        HealthChecks:
          - Id: web
            HealthCheckConfig: {Type: HTTP, IPAddress: 127.0.0.2
        HostedZones: []
        """, "broken.yaml"));
    assertEquals(1, e.problems().size());
    ConfigProblem problem = e.problems().getFirst();
    assertTrue(problem.path().matches("line [45], column \\d+"), problem.path());
    assertTrue(problem.message().startsWith("syntax error: "), problem.message());
    assertTrue(e.getMessage().startsWith("broken.yaml: 1 problem\n  line "), e.getMessage());
  }

  @Test
  void brokenJsonGivesOneProblemWithLineAndColumn() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.parse("{\n  \"HealthChecks\": [\n    {\"Id\": \"a\" \"b\"}\n  ]\n}\n", "broken.json"));
    assertEquals(1, e.problems().size());
    assertTrue(e.problems().getFirst().path().startsWith("line 3, column "), e.problems().toString());
  }

  @Test
  void aDuplicateKeyIsAProblemNotASilentOverride() {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("""
        HealthChecks:
          - Id: web
            Id: other
        """, "dup.yaml"));
    assertEquals(1, e.problems().size());
    assertTrue(e.problems().getFirst().path().startsWith("line 3, column "), e.problems().toString());
    assertEquals("syntax error: Duplicate field 'Id'", e.problems().getFirst().message());
  }
}
