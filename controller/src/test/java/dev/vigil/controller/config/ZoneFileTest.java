package dev.vigil.controller.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.controller.answers.AnswerCompiler;
import dev.vigil.controller.answers.AnswerRRset;
import dev.vigil.controller.answers.AnswerSet;
import dev.vigil.controller.answers.RRsetKey;
import dev.vigil.controller.answers.ZoneAnswers;
import dev.vigil.controller.model.DesiredState;
import dev.vigil.controller.model.Failover;
import dev.vigil.controller.model.HostedZone;
import dev.vigil.controller.model.RecordSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class ZoneFileTest {

  static final String ZONE = """
      $ORIGIN example.test.
      $TTL 300
      @    IN SOA ns1 hostmaster ( 7 3600 900 1209600 60 )
      @    IN NS  ns1
      ns1  IN A   192.0.2.53
      www  600 IN A 192.0.2.1
      www  600 IN A 192.0.2.2
      *.wild IN TXT "any"
      """;

  static String config(String zoneFile, String extraSets) {
    return """
        HostedZones:
          - Name: example.test.
            ZoneFile: %s
            ResourceRecordSets:%s
        """.formatted(zoneFile, extraSets.isEmpty() ? " []" : "\n" + extraSets.indent(6));
  }

  static DesiredState load(Path dir, String config) throws Exception {
    Path file = dir.resolve("vigil.yaml");
    Files.writeString(file, config);
    return ConfigLoader.load(file);
  }

  @Test
  void zoneFileRecordsBecomeSimpleRecordSetsNextToTheConfiguredOnes(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("example.test.zone"), ZONE);
    DesiredState state = load(dir, config("example.test.zone", """
              - Name: api
                Type: A
                TTL: 60
                ResourceRecords: [{Value: 192.0.2.80}]"""));

    HostedZone zone = state.hostedZones().getFirst();
    assertEquals(6, zone.recordSets().size(), zone.recordSets().toString());
    assertTrue(zone.recordSets().contains(new RecordSet("www.example.test.", "A", 600, "", Failover.NONE, "",
        List.of("192.0.2.1", "192.0.2.2"))));
    assertTrue(zone.recordSets().contains(new RecordSet("*.wild.example.test.", "TXT", 300, "", Failover.NONE, "",
        List.of("\"any\""))));
    assertTrue(zone.recordSets().stream().anyMatch(r -> r.type().equals("SOA") && r.ttl() == 300));
    assertTrue(zone.recordSets().stream().anyMatch(r -> r.name().equals("api.example.test.")));
  }

  @Test
  void zoneFileRecordsReachTheCompiledAnswersTheFeedCarries(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("example.test.zone"), ZONE + "unk IN TYPE65000 \\# 4 0a000001\n");
    DesiredState state = load(dir, config("example.test.zone", ""));

    AnswerSet answers = AnswerCompiler.compile(state, Map.of());
    ZoneAnswers zone = answers.zones().get(Name.fromString("example.test."));
    AnswerRRset www = zone.rrsets().get(new RRsetKey(Name.fromString("www.example.test."), Type.A));
    assertEquals(600, www.ttl());
    assertEquals(List.of("192.0.2.1", "192.0.2.2"), www.records().stream().map(Record::rdataToString).sorted().toList());
    AnswerRRset soa = zone.rrsets().get(new RRsetKey(Name.fromString("example.test."), Type.SOA));
    assertTrue(soa.records().getFirst().rdataToString().startsWith("ns1.example.test. hostmaster.example.test. 7 "),
        "the file's SOA replaces the generated one: " + soa.records());
    AnswerRRset unknown = zone.rrsets().get(new RRsetKey(Name.fromString("unk.example.test."), 65000));
    assertEquals("\\# 4 0A000001", unknown.records().getFirst().rdataToString());
    assertTrue(zone.rrsets().containsKey(new RRsetKey(Name.fromString("*.wild.example.test."), Type.TXT)));
  }

  @Test
  void aMissingZoneFileIsReportedAtItsPath(@TempDir Path dir) {
    ConfigException e = assertThrows(ConfigException.class, () -> load(dir, config("nope.zone", "")));
    assertEquals("HostedZones[0].ZoneFile", e.problems().getFirst().path());
    assertTrue(e.problems().getFirst().message().contains("cannot read zone file"), e.getMessage());
  }

  @Test
  void aSyntaxErrorNamesTheFileAndLine(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("bad.zone"), "$ORIGIN example.test.\n$TTL 300\nwww IN A not-an-address\n");
    ConfigException e = assertThrows(ConfigException.class, () -> load(dir, config("bad.zone", "")));
    assertEquals("HostedZones[0].ZoneFile", e.problems().getFirst().path());
    assertTrue(e.problems().getFirst().message().contains("bad.zone"), e.getMessage());
    assertTrue(e.problems().getFirst().message().contains("3"), "line number: " + e.getMessage());
  }

  @Test
  void recordsOutsideTheZoneAndDuplicatesOfConfiguredSetsAreProblems(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("z.zone"), ZONE + "www.other.test. 60 IN A 192.0.2.9\n");
    ConfigException e = assertThrows(ConfigException.class, () -> load(dir, config("z.zone", """
              - Name: www
                Type: A
                TTL: 60
                ResourceRecords: [{Value: 192.0.2.80}]""")));
    List<String> messages = e.problems().stream().map(p -> p.path() + ": " + p.message()).toList();
    assertEquals(2, messages.size(), messages.toString());
    assertTrue(messages.get(0).contains("www.other.test. is outside zone example.test."), messages.toString());
    assertTrue(messages.get(1).contains("two simple records for www.example.test. A"), messages.toString());
  }
}
