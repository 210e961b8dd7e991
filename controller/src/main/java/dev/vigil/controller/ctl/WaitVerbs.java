package dev.vigil.controller.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code aws route53 wait resource-record-sets-changed --id ID}: polls GetChange until INSYNC. Route 53's waiter
 * polls every 30 s; ours every 500 ms (changes reach dns-nodes in well under a second), for at most
 * {@code --max-wait} seconds. Prints nothing on success, as the AWS CLI; exit 1 when it gives up or is refused.
 */
@Command(name = "wait", mixinStandardHelpOptions = true, description = "Wait for a condition, as `aws route53 wait`.",
    subcommands = WaitVerbs.ResourceRecordSetsChanged.class)
final class WaitVerbs implements Callable<Integer> {

  static final Duration POLL = Duration.ofMillis(500);

  @ParentCommand CtlMain ctl;

  @Override
  public Integer call() {
    ctl.err.println(CtlMain.NAME + ": wait: missing waiter: resource-record-sets-changed (see --help)");
    return 2;
  }

  @Command(name = "resource-record-sets-changed", mixinStandardHelpOptions = true,
      description = "Until GetChange reports INSYNC: every dns-node serves the change.")
  static final class ResourceRecordSetsChanged implements Callable<Integer> {
    @ParentCommand WaitVerbs waitVerbs;

    @Option(names = "--id", required = true, description = "The change's id (C… or /change/C…).") String id;

    @Option(names = "--max-wait", paramLabel = "SECONDS", defaultValue = "120",
        description = "Give up after this long (default ${DEFAULT-VALUE}).") int maxWaitSeconds;

    @Override
    public Integer call() {
      CtlMain ctl = waitVerbs.ctl;
      return ctl.guarded(() -> {
        if (maxWaitSeconds < 1) {
          throw new CtlMain.UsageError("--max-wait: must be at least 1, got " + maxWaitSeconds);
        }
        String path = "/v1/change/" + AwsCall.segment(id, "/change/");
        AdminClient client = ctl.client();
        long deadline = System.nanoTime() + Duration.ofSeconds(maxWaitSeconds).toNanos();
        String status = "";
        while (System.nanoTime() < deadline) {
          AdminClient.Reply reply = client.send("GET", path, null);
          JsonNode body = CtlMain.JSON.readTree(reply.body());
          if (reply.status() != 200) {
            ctl.err.println("Waiter ResourceRecordSetsChanged failed: " + body.path("Error").path("Code").asText()
                + ": " + body.path("Error").path("Message").asText(reply.body()));
            return 1;
          }
          status = body.path("ChangeInfo").path("Status").asText();
          if (status.equals("INSYNC")) {
            return 0;
          }
          Thread.sleep(POLL.toMillis()); // the waiter's polling period
        }
        ctl.err.println("Waiter ResourceRecordSetsChanged failed: Max attempts exceeded (still " + status + " after "
            + maxWaitSeconds + " s)");
        return 1;
      });
    }
  }
}
