package dev.vigil.controller.change;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.controller.config.ConfigLoader;
import dev.vigil.controller.model.DesiredState;
import dev.vigil.controller.model.RecordSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Route 53's ChangeResourceRecordSets rules, one named case each. */
class ChangeBatchTest {

  static final ObjectMapper JSON = new ObjectMapper();

  /** A zone with a simple A, a failover pair and an MX; one health check. */
  static final String ZONE = """
      HealthChecks:
        - {Id: web, HealthCheckConfig: {Type: TCP, IPAddress: 127.0.0.2, Port: 80}}
      HostedZones:
        - Name: example.test.
          ResourceRecordSets:
            - {Name: api, Type: A, TTL: 60, ResourceRecords: [{Value: 127.0.0.1}, {Value: 127.0.0.2}]}
            - {Name: www, Type: A, TTL: 60, SetIdentifier: p, Failover: PRIMARY, HealthCheckId: web,
               ResourceRecords: [{Value: 127.0.0.3}]}
            - {Name: www, Type: A, TTL: 60, SetIdentifier: s, Failover: SECONDARY, ResourceRecords: [{Value: 127.0.0.4}]}
            - {Name: example.test., Type: MX, TTL: 300, ResourceRecords: [{Value: 10 mail.example.test.}]}
      """;

  static String rr(String name, String type, int ttl, String extra, String... values) {
    StringBuilder records = new StringBuilder();
    for (String v : values) {
      records.append(records.isEmpty() ? "" : ",").append("{\"Value\": \"").append(v.replace("\"", "\\\"")).append("\"}");
    }
    return "{\"Name\": \"" + name + "\", \"Type\": \"" + type + "\", \"TTL\": " + ttl + extra
        + ", \"ResourceRecords\": [" + records + "]}";
  }

  static String change(String action, String recordSet) {
    return "{\"Action\": \"" + action + "\", \"ResourceRecordSet\": " + recordSet + "}";
  }

  static String batch(String... changes) {
    return "{\"Changes\": [" + String.join(",", changes) + "]}";
  }

  static final String API = rr("api.example.test.", "A", 60, "", "127.0.0.1", "127.0.0.2");
  static final String PRIMARY = rr("www.example.test.", "A", 60,
      ", \"SetIdentifier\": \"p\", \"Failover\": \"PRIMARY\", \"HealthCheckId\": \"web\"", "127.0.0.3");

  /** @param after the zone's record sets afterwards as "name type [setId] ttl values", or null when refused */
  static Stream<Arguments> rules() {
    return Stream.of(
        Arguments.of("createAddsANewRecordSet",
            batch(change("CREATE", rr("new", "A", 30, "", "127.0.0.9"))),
            List.of("new.example.test. A 30 [127.0.0.9]"), List.of()),
        Arguments.of("createOfAnExistingNameAndTypeFails",
            batch(change("CREATE", rr("api.example.test.", "A", 60, "", "127.0.0.7"))), null,
            List.of("Changes[0]: Tried to create resource record set [name='api.example.test.', type='A'] "
                + "but it already exists")),
        Arguments.of("createWithTheSameSetIdentifierFails",
            batch(change("CREATE", rr("www", "A", 60, ", \"SetIdentifier\": \"s\", \"Failover\": \"SECONDARY\"",
                "127.0.0.8"))), null,
            List.of("Changes[0]: Tried to create resource record set [name='www.example.test.', type='A', "
                + "set-identifier='s'] but it already exists")),
        Arguments.of("createOfTheGeneratedApexSoaFails",
            batch(change("CREATE", rr("example.test.", "SOA", 900, "",
                "ns1.example.test. hostmaster.example.test. 2 7200 900 1209600 86400"))), null,
            List.of("Changes[0]: Tried to create resource record set [name='example.test.', type='SOA'] "
                + "but it already exists")),
        Arguments.of("deleteRemovesAnExactMatch",
            batch(change("DELETE", API)), List.of(), List.of("api.example.test. A")),
        Arguments.of("deleteMatchesTheValuesInAnyOrder",
            batch(change("DELETE", rr("api.example.test.", "A", 60, "", "127.0.0.2", "127.0.0.1"))),
            List.of(), List.of("api.example.test. A")),
        Arguments.of("deleteWithAnotherTtlDoesNotMatch",
            batch(change("DELETE", rr("api.example.test.", "A", 61, "", "127.0.0.1", "127.0.0.2"))), null,
            List.of("Changes[0]: Tried to delete resource record set [name='api.example.test.', type='A'] "
                + "but the values provided do not match the current values")),
        Arguments.of("deleteWithFewerValuesDoesNotMatch",
            batch(change("DELETE", rr("api.example.test.", "A", 60, "", "127.0.0.1"))), null,
            List.of("but the values provided do not match the current values")),
        Arguments.of("deleteWithoutTheHealthCheckDoesNotMatch",
            batch(change("DELETE", PRIMARY.replace(", \"HealthCheckId\": \"web\"", ""))), null,
            List.of("but the values provided do not match the current values")),
        Arguments.of("deleteOfAMissingSetFails",
            batch(change("DELETE", rr("gone", "A", 60, "", "127.0.0.1"))), null,
            List.of("Changes[0]: Tried to delete resource record set [name='gone.example.test.', type='A'] "
                + "but it was not found")),
        Arguments.of("deletingTheSameSetTwiceFails",
            batch(change("DELETE", API), change("DELETE", API)), null,
            List.of("Changes[1]: Tried to delete resource record set [name='api.example.test.', type='A'] "
                + "but it was not found")),
        Arguments.of("deleteOfTheApexNsIsRefused",
            batch(change("DELETE", rr("example.test.", "NS", 172800, "", "ns1.example.test."))), null,
            List.of("Changes[0]: Tried to delete resource record set [name='example.test.', type='NS']: the zone's "
                + "apex NS cannot be deleted (UPSERT it instead)")),
        Arguments.of("upsertCreatesAMissingSet",
            batch(change("UPSERT", rr("new", "TXT", 30, "", "\"hi\""))),
            List.of("new.example.test. TXT 30 [\"hi\"]"), List.of()),
        Arguments.of("upsertReplacesAnExistingSet",
            batch(change("UPSERT", rr("api", "A", 5, "", "127.0.0.5"))),
            List.of("api.example.test. A 5 [127.0.0.5]"), List.of("api.example.test. A")),
        Arguments.of("upsertOfTheApexNsIsAllowed",
            batch(change("UPSERT", rr("example.test.", "NS", 3600, "", "ns1.example.test.", "ns2.example.test."))),
            List.of("example.test. NS 3600 [ns1.example.test., ns2.example.test.]"), List.of()),
        Arguments.of("changesApplyInOrderSoDeleteThenCreateReplaces",
            batch(change("DELETE", API), change("CREATE", rr("api", "A", 60, "", "127.0.0.6"))),
            List.of("api.example.test. A 60 [127.0.0.6]"), List.of("api.example.test. A")),
        Arguments.of("createThenDeleteInOneBatchLeavesNothing",
            batch(change("CREATE", rr("tmp", "A", 60, "", "127.0.0.6")),
                change("DELETE", rr("tmp", "A", 60, "", "127.0.0.6"))),
            List.of(), List.of()),
        Arguments.of("theResultingZoneMustPassTheConfigRules_cnameAlone",
            batch(change("CREATE", rr("api", "CNAME", 60, "", "other.example.test."))), null,
            List.of("CNAME may not coexist with other types at api.example.test.")),
        Arguments.of("theResultingZoneMustPassTheConfigRules_simpleBesideFailover",
            batch(change("CREATE", rr("www", "A", 60, "", "127.0.0.9"))), null,
            List.of("simple and failover records may not share www.example.test. A")),
        Arguments.of("recordSetsAreReadByTheConfigReader",
            batch(change("CREATE", "{\"Name\": \"x.other.test.\", \"Type\": \"A\", \"TTL\": -1, \"Colour\": 1, "
                + "\"HealthCheckId\": \"nope\", \"ResourceRecords\": [{\"Value\": \"1.2.3\"}]}")), null,
            List.of("Changes[0].ResourceRecordSet.Colour: unknown field",
                "Changes[0].ResourceRecordSet.Name: x.other.test. is not in zone example.test.",
                "Changes[0].ResourceRecordSet.TTL: must be 0-2147483647, got -1",
                "Changes[0].ResourceRecordSet.HealthCheckId: no health check with Id 'nope'")),
        Arguments.of("anEmptyBatchIsRefused", "{\"Changes\": []}", null,
            List.of("ChangeBatch.Changes: required, a list of at least one change")),
        Arguments.of("anUnknownActionIsRefused", batch(change("RENAME", API)), null,
            List.of("Changes[0].Action: must be CREATE, DELETE or UPSERT, got \"RENAME\"")),
        Arguments.of("aCommentIsAtMost256Characters",
            "{\"Comment\": \"" + "x".repeat(257) + "\", \"Changes\": [" + change("UPSERT", API) + "]}", null,
            List.of("ChangeBatch.Comment: at most 256 characters, got 257")),
        Arguments.of("upsertCountsTwiceTowardsTheThousandRecordLimit",
            batch(change("UPSERT", rr("many", "TXT", 60, "", Stream.iterate(0, i -> i + 1).limit(501)
                .map(i -> "\"" + i + "\"").toArray(String[]::new)))), null,
            List.of("ChangeBatch: at most 1000 ResourceRecord elements (UPSERT counts twice), got 1002")),
        Arguments.of("everyProblemOfTheBatchIsListed",
            batch(change("CREATE", API), change("DELETE", rr("gone", "A", 60, "", "127.0.0.1")),
                change("UPSERT", rr("ok", "A", 60, "", "127.0.0.1"))), null,
            List.of("Changes[0]: Tried to create", "Changes[1]: Tried to delete")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void route53Rule(String name, String batch, List<String> added, List<String> removedOrProblems) throws Exception {
    DesiredState before = ConfigLoader.parse(ZONE, "zone");
    if (added == null) {
      ApiException e = assertThrows(ApiException.class,
          () -> ChangeBatch.apply(before, "example.test.", JSON.readTree(batch)));
      assertEquals("InvalidChangeBatch", e.code());
      assertEquals(400, e.status());
      String all = String.join("\n", e.messages().isEmpty() ? List.of(e.getMessage()) : e.messages());
      for (String expected : removedOrProblems) {
        assertTrue(all.contains(expected), expected + " in\n" + all);
      }
      if (removedOrProblems.size() > 1) {
        assertTrue(e.messages().size() >= removedOrProblems.size(), all);
      }
      return;
    }
    DesiredState after = ChangeBatch.apply(before, "example.test.", JSON.readTree(batch)).next();
    List<String> beforeKeys = keys(before);
    List<String> afterKeys = keys(after);
    for (String key : added) {
      assertTrue(afterKeys.contains(key), key + " in " + afterKeys);
    }
    for (String removed : removedOrProblems) {
      assertTrue(beforeKeys.stream().anyMatch(k -> k.startsWith(removed + " ")), removed);
    }
    long kept = beforeKeys.stream().filter(afterKeys::contains).count();
    long changed = beforeKeys.size() - kept;
    assertEquals(beforeKeys.size() - changed + added.size(), afterKeys.size(), afterKeys.toString());
  }

  @Test
  void anIdenticalUpsertChangesNothing() throws Exception {
    DesiredState before = ConfigLoader.parse(ZONE, "zone");
    DesiredState after = ChangeBatch.apply(before, "example.test.", JSON.readTree(batch(change("UPSERT", API)))).next();
    assertEquals(before, after);
  }

  @Test
  void anUnknownZoneIsNoSuchHostedZone() throws Exception {
    ApiException e = assertThrows(ApiException.class, () -> ChangeBatch.apply(ConfigLoader.parse(ZONE, "zone"),
        "other.test.", JSON.readTree(batch(change("UPSERT", API)))));
    assertEquals("NoSuchHostedZone", e.code());
    assertEquals(404, e.status());
  }

  static List<String> keys(DesiredState state) {
    return state.hostedZones().getFirst().recordSets().stream().map(ChangeBatchTest::key).toList();
  }

  static String key(RecordSet r) {
    return r.name() + " " + r.type() + (r.setIdentifier().isEmpty() ? "" : " " + r.setIdentifier()) + " " + r.ttl()
        + " " + r.values();
  }
}
