package dev.vigil.controller.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.controller.ReadyController;
import dev.vigil.controller.ControllerRuntime;
import dev.vigil.controller.FreePorts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The `aws route53` verbs of `vigil ctl` against a real controller: output shape, exit codes, file:// input. */
@Timeout(120)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Route53VerbsTest {

  @TempDir static Path dir;
  static ControllerRuntime runtime;
  static String live;
  static final ObjectMapper JSON = new ObjectMapper();
  static String zoneId;
  static String checkId;

  record Run(int code, String out, String err) {
    JsonNode json() throws Exception {
      return JSON.readTree(out);
    }
  }

  static Run ctl(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 2];
    all[0] = "--controllers";
    all[1] = live;
    System.arraycopy(args, 0, all, 2, args.length);
    int code = CtlMain.run(all, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  @BeforeAll
  static void start() throws Exception {
    runtime = ReadyController.start(dir.resolve("c1"));
    // A dead address first: the verbs go on to the next controller, as apply and status do.
    live = "127.0.0.1:" + FreePorts.next() + ",127.0.0.1:" + runtime.httpPort();
  }

  @AfterAll
  static void stop() {
    if (runtime != null) {
      runtime.close();
    }
  }

  @Test
  @Order(1)
  void createHostedZonePrintsTheCliShapeAndIsIdempotent() throws Exception {
    Run run = ctl("create-hosted-zone", "--name", "verbs.test", "--caller-reference", "r1",
        "--hosted-zone-config", "Comment=from ctl,PrivateZone=false");
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().startsWith("{\n    \"HostedZone\": {\n        \"Id\": \"/hostedzone/Z"), run.out());
    JsonNode body = run.json();
    zoneId = body.path("HostedZone").path("Id").asText();
    assertEquals("from ctl", body.path("HostedZone").path("Config").path("Comment").asText());
    assertEquals("PENDING".equals(body.path("ChangeInfo").path("Status").asText()) ? "PENDING" : "INSYNC",
        body.path("ChangeInfo").path("Status").asText());
    assertFalse(body.has("Location"), "the CLI does not print Location");
    Run again = ctl("create-hosted-zone", "--name", "verbs.test.", "--caller-reference", "r1");
    assertEquals(0, again.code(), again.err());
    assertEquals(zoneId, again.json().path("HostedZone").path("Id").asText());

    Run list = ctl("list-hosted-zones");
    assertEquals(0, list.code(), list.err());
    assertEquals(1, list.json().path("HostedZones").size());
    assertFalse(list.json().has("IsTruncated"), list.out());
    Run byName = ctl("get-hosted-zone", "--id", "verbs.test");
    assertEquals(zoneId, byName.json().path("HostedZone").path("Id").asText());
    Run byId = ctl("get-hosted-zone", "--id", zoneId);
    assertEquals(0, byId.code(), byId.err());
  }

  @Test
  @Order(2)
  void changeBatchesComeFromFilesOrInlineJsonAsTheAwsCliTakesThem() throws Exception {
    Path batch = dir.resolve("batch.json");
    Files.writeString(batch, """
        {
          "Comment": "add www",
          "Changes": [{"Action": "CREATE", "ResourceRecordSet": {"Name": "www.verbs.test.", "Type": "A", "TTL": 60,
            "ResourceRecords": [{"Value": "127.0.0.10"}, {"Value": "127.0.0.11"}]}}]
        }""");
    Run run = ctl("change-resource-record-sets", "--hosted-zone-id", zoneId, "--change-batch", "file://" + batch);
    assertEquals(0, run.code(), run.err());
    JsonNode info = run.json().path("ChangeInfo");
    assertEquals("add www", info.path("Comment").asText());
    String changeId = info.path("Id").asText();

    Run inline = ctl("change-resource-record-sets", "--hosted-zone-id", "verbs.test", "--change-batch", """
        {"Changes": [{"Action": "UPSERT", "ResourceRecordSet": {"Name": "api.verbs.test.", "Type": "TXT", "TTL": 30,
          "ResourceRecords": [{"Value": "\\"hello\\""}]}}]}""");
    assertEquals(0, inline.code(), inline.err());

    Run change = ctl("get-change", "--id", changeId);
    assertEquals(0, change.code(), change.err());
    assertEquals(changeId, change.json().path("ChangeInfo").path("Id").asText());
    assertEquals("INSYNC", change.json().path("ChangeInfo").path("Status").asText(), "no dns-node to wait for");

    Run sets = ctl("list-resource-record-sets", "--hosted-zone-id", zoneId);
    assertEquals(0, sets.code(), sets.err());
    JsonNode list = sets.json().path("ResourceRecordSets");
    assertEquals(4, list.size(), sets.out());
    assertEquals("SOA", list.get(1).path("Type").asText());
    assertEquals("api.verbs.test.", list.get(2).path("Name").asText());
    assertEquals("127.0.0.11", list.get(3).path("ResourceRecords").get(1).path("Value").asText());
  }

  @Test
  @Order(3)
  void refusalsPrintTheAwsErrorLineAndExitOne() throws Exception {
    Run bad = ctl("change-resource-record-sets", "--hosted-zone-id", zoneId, "--change-batch", """
        {"Changes": [
          {"Action": "CREATE", "ResourceRecordSet": {"Name": "www.verbs.test.", "Type": "A", "TTL": 60,
            "ResourceRecords": [{"Value": "127.0.0.10"}]}},
          {"Action": "DELETE", "ResourceRecordSet": {"Name": "nope.verbs.test.", "Type": "A", "TTL": 60,
            "ResourceRecords": [{"Value": "127.0.0.10"}]}}]}""");
    assertEquals(1, bad.code(), bad.err());
    assertTrue(bad.err().startsWith("An error occurred (InvalidChangeBatch) when calling the "
        + "ChangeResourceRecordSets operation: 2 problems"), bad.err());
    assertTrue(bad.err().contains("  Changes[0]: Tried to create resource record set [name='www.verbs.test.', "
        + "type='A'] but it already exists"), bad.err());
    assertTrue(bad.err().contains("  Changes[1]: Tried to delete"), bad.err());
    assertEquals("", bad.out());

    Run missing = ctl("get-hosted-zone", "--id", "ZNOSUCHZONE");
    assertEquals(1, missing.code());
    assertTrue(missing.err().startsWith("An error occurred (NoSuchHostedZone) when calling the GetHostedZone "
        + "operation: "), missing.err());
    Run notEmpty = ctl("delete-hosted-zone", "--id", zoneId);
    assertEquals(1, notEmpty.code());
    assertTrue(notEmpty.err().contains("(HostedZoneNotEmpty)"), notEmpty.err());
  }

  @Test
  @Order(4)
  void badArgumentsAreUsageErrors() throws Exception {
    Run noFile = ctl("change-resource-record-sets", "--hosted-zone-id", zoneId, "--change-batch", "file:///no/such.json");
    assertEquals(2, noFile.code());
    assertEquals("vigil ctl: --change-batch: /no/such.json: no such file (see --help)" + System.lineSeparator(),
        noFile.err());
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{\"Changes\": [\n  {\"Action\": }]}");
    Run malformed = ctl("change-resource-record-sets", "--hosted-zone-id", zoneId, "--change-batch", "file://" + broken);
    assertEquals(2, malformed.code());
    assertTrue(malformed.err().startsWith("vigil ctl: --change-batch: malformed JSON at line 2, column "),
        malformed.err());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = CtlMain.run(new String[] {"--controllers", "127.0.0.1:" + FreePorts.next(), "list-hosted-zones"},
        new PrintWriter(out, true), new PrintWriter(err, true));
    assertEquals(1, code, "no controller answered");
    assertTrue(err.toString().startsWith("vigil ctl: no controller answered /v1/hostedzone ("), err.toString());
    Run missingOption = ctl("get-change");
    assertEquals(2, missingOption.code());
    assertTrue(missingOption.err().contains("--id"), missingOption.err());
  }

  @Test
  @Order(5)
  void healthCheckVerbsCreateGetUpdateStatusAndDelete() throws Exception {
    Path config = dir.resolve("check.json");
    Files.writeString(config, """
        {"Type": "HTTPS", "FullyQualifiedDomainName": "verbs.test", "Port": 8443, "RequestInterval": 10}""");
    Run created = ctl("create-health-check", "--caller-reference", "c1", "--health-check-config", "file://" + config);
    assertEquals(0, created.code(), created.err());
    JsonNode check = created.json().path("HealthCheck");
    checkId = check.path("Id").asText();
    assertEquals("c1", check.path("CallerReference").asText());
    assertEquals(1, check.path("HealthCheckVersion").asLong());
    assertEquals(8443, check.path("HealthCheckConfig").path("Port").asInt());

    Run again = ctl("create-health-check", "--caller-reference", "c1", "--health-check-config", "file://" + config);
    assertEquals(checkId, again.json().path("HealthCheck").path("Id").asText());

    Run updated = ctl("update-health-check", "--health-check-id", checkId, "--health-check-version", "1",
        "--port", "9443", "--inverted");
    assertEquals(0, updated.code(), updated.err());
    assertEquals(2, updated.json().path("HealthCheck").path("HealthCheckVersion").asLong());
    assertTrue(updated.json().path("HealthCheck").path("HealthCheckConfig").path("Inverted").asBoolean());
    Run stale = ctl("update-health-check", "--health-check-id", checkId, "--health-check-version", "1",
        "--no-inverted");
    assertEquals(1, stale.code());
    assertTrue(stale.err().contains("(HealthCheckVersionMismatch) when calling the UpdateHealthCheck"), stale.err());

    assertEquals(0, ctl("get-health-check", "--health-check-id", checkId).code());
    assertEquals(1, ctl("list-health-checks").json().path("HealthChecks").size());
    Run status = ctl("get-health-check-status", "--health-check-id", checkId);
    assertEquals(0, status.code(), status.err());
    assertTrue(status.json().has("HealthCheckObservations"), status.out());

    Run deleted = ctl("delete-health-check", "--health-check-id", checkId);
    assertEquals(0, deleted.code(), deleted.err());
    assertEquals("", deleted.out(), "DeleteHealthCheck answers nothing, as the CLI prints nothing");
    Run gone = ctl("get-health-check", "--health-check-id", checkId);
    assertEquals(1, gone.code());
    assertTrue(gone.err().contains("(NoSuchHealthCheck)"), gone.err());
  }

  @Test
  @Order(6)
  void applyAndStatusStillWork() {
    Run status = ctl("status");
    assertEquals(0, status.code(), status.err());
    assertTrue(status.out().startsWith("leader c1"), status.out());
  }

  static void ack(String node, dev.vigil.controller.cluster.AnswerVersion version) throws Exception {
    io.grpc.ManagedChannel channel = io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder
        .forAddress("127.0.0.1", runtime.grpcPort()).usePlaintext().build();
    try {
      dev.vigil.proto.feed.v1.AnswerFeedGrpc.newBlockingStub(channel).acknowledge(dev.vigil.proto.feed.v1.Ack
          .newBuilder().setNodeId(node).setApplied(dev.vigil.proto.feed.v1.Version.newBuilder()
              .setTerm(version.term()).setIndex(version.index())).build());
    } finally {
      channel.shutdownNow().awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  @Test
  @Order(7)
  void getChangeAndWaitFollowTheDnsNodesAcknowledgements() throws Exception {
    ack("d1", runtime.state().current().answersVersion()); // a dns-node serving the answers as they are now
    Run run = ctl("change-resource-record-sets", "--hosted-zone-id", zoneId, "--change-batch", """
        {"Changes": [{"Action": "CREATE", "ResourceRecordSet": {"Name": "late.verbs.test.", "Type": "A", "TTL": 60,
          "ResourceRecords": [{"Value": "127.0.0.12"}]}}]}""");
    assertEquals(0, run.code(), run.err());
    assertEquals("PENDING", run.json().path("ChangeInfo").path("Status").asText(), "d1 has not served it yet");
    String id = run.json().path("ChangeInfo").path("Id").asText();
    assertEquals("PENDING", ctl("get-change", "--id", id).json().path("ChangeInfo").path("Status").asText());
    Run gaveUp = ctl("wait", "resource-record-sets-changed", "--id", id, "--max-wait", "1");
    assertEquals(1, gaveUp.code());
    assertTrue(gaveUp.err().startsWith("Waiter ResourceRecordSetsChanged failed: Max attempts exceeded (still PENDING"),
        gaveUp.err());

    ack("d1", runtime.state().current().answersVersion()); // d1 now serves the change
    Run waited = ctl("wait", "resource-record-sets-changed", "--id", id, "--max-wait", "30");
    assertEquals(0, waited.code(), waited.err());
    assertEquals("", waited.out(), "the AWS CLI's waiters print nothing");
    assertEquals("INSYNC", ctl("get-change", "--id", id).json().path("ChangeInfo").path("Status").asText());
    Run unknown = ctl("wait", "resource-record-sets-changed", "--id", "CNOPE");
    assertEquals(1, unknown.code());
    assertTrue(unknown.err().startsWith("Waiter ResourceRecordSetsChanged failed: NoSuchChange"), unknown.err());
  }
}
