package dev.vigil.controller.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.controller.model.DesiredState;
import dev.vigil.controller.model.HostedZone;
import dev.vigil.controller.model.RecordSet;
import dev.vigil.controller.model.Routing;
import dev.vigil.controller.routing.RoutingFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The entry points the admin API uses to parse and check change batches with the config's rules. */
@Timeout(20)
class RecordSetsTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void parsesOneRecordSetWithRoute53sJson() throws Exception {
    var parsed = RecordSets.parse(JSON.readTree("""
        {"Name": "www.example.test.", "Type": "A", "TTL": 60, "SetIdentifier": "a", "Weight": 10,
         "ResourceRecords": [{"Value": "192.0.2.1"}]}"""), "Changes[0].ResourceRecordSet", "example.test.", Set.of(),
        RoutingFixture.state(RoutingFixture.config()).routing());
    assertEquals(List.of(), parsed.problems());
    assertEquals(new Routing.Weighted(10), parsed.recordSet().orElseThrow().routing());
  }

  @Test
  void reportsEveryProblemOfOneRecordSet() throws Exception {
    var parsed = RecordSets.parse(JSON.readTree("""
        {"Name": "www", "Type": "A", "TTL": 60, "Weight": 300, "HealthCheckId": "nope",
         "ResourceRecords": [{"Value": "192.0.2.1"}]}"""), "Changes[0].ResourceRecordSet", "example.test",
        Set.of(), dev.vigil.controller.model.RoutingConfig.EMPTY);
    assertTrue(parsed.recordSet().isEmpty());
    assertEquals(List.of(
        new ConfigProblem("Changes[0].ResourceRecordSet.Weight", "must be 0-255, got 300"),
        new ConfigProblem("Changes[0].ResourceRecordSet.HealthCheckId", "no health check with Id 'nope'")),
        parsed.problems());
  }

  @Test
  void checksTheRulesAcrossRecordSetsOfAState() {
    DesiredState state = RoutingFixture.state(RoutingFixture.config(
        "Name: www, Type: A, TTL: 60, SetIdentifier: a, Weight: 1, ResourceRecords: [{Value: 127.0.0.2}]"));
    assertEquals(List.of(), RecordSets.check(state));
    HostedZone zone = state.hostedZones().getFirst();
    List<RecordSet> sets = new ArrayList<>(zone.recordSets());
    sets.add(new RecordSet("www.example.test.", "A", 60, "", dev.vigil.controller.model.Failover.NONE, "",
        List.of("127.0.0.3")));
    DesiredState broken = new DesiredState(state.healthChecks(), List.of(new HostedZone(zone.name(), sets),
        state.hostedZones().get(1)), state.routing());
    assertEquals(List.of(new ConfigProblem("HostedZones[0].ResourceRecordSets[0]",
        "simple and weighted records may not share www.example.test. A (simple: ResourceRecordSets[1])")),
        RecordSets.check(broken));
  }
}
