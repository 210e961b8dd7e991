package dev.vigil.controller.ctl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code aws route53} record-set verbs and get-change. */
final class RecordSetVerbs {

  private RecordSetVerbs() {}

  @Command(name = "list-resource-record-sets", mixinStandardHelpOptions = true,
      description = "Every record set of a zone, the generated apex SOA and NS included.")
  static final class ListResourceRecordSets implements Callable<Integer> {
    @ParentCommand CtlMain ctl;

    @Option(names = "--hosted-zone-id", required = true, description = "The zone's id or name.") String zone;

    @Override
    public Integer call() {
      return ctl.guarded(() -> AwsCall.run(ctl, "ListResourceRecordSets", "GET",
          "/v1/hostedzone/" + AwsCall.segment(zone, "/hostedzone/") + "/rrset", null));
    }
  }

  @Command(name = "change-resource-record-sets", mixinStandardHelpOptions = true,
      description = "Apply a change batch (CREATE, DELETE, UPSERT) atomically: all of it or nothing.")
  static final class ChangeResourceRecordSets implements Callable<Integer> {
    @ParentCommand CtlMain ctl;

    @Option(names = "--hosted-zone-id", required = true, description = "The zone's id or name.") String zone;

    @Option(names = "--change-batch", required = true, paramLabel = "file://BATCH.json|JSON",
        description = "{\"Comment\": ..., \"Changes\": [{\"Action\": ..., \"ResourceRecordSet\": {...}}]}")
    String batch;

    @Override
    public Integer call() {
      return ctl.guarded(() -> {
        ObjectNode body = CtlMain.JSON.createObjectNode();
        body.set("ChangeBatch", AwsCall.jsonArgument("--change-batch", batch));
        return AwsCall.run(ctl, "ChangeResourceRecordSets", "POST",
            "/v1/hostedzone/" + AwsCall.segment(zone, "/hostedzone/") + "/rrset", body);
      });
    }
  }

  @Command(name = "get-change", mixinStandardHelpOptions = true,
      description = "A change's status: PENDING until every dns-node serves it, then INSYNC.")
  static final class GetChange implements Callable<Integer> {
    @ParentCommand CtlMain ctl;

    @Option(names = "--id", required = true, description = "The change's id (C… or /change/C…).") String id;

    @Override
    public Integer call() {
      return ctl.guarded(() -> AwsCall.run(ctl, "GetChange", "GET", "/v1/change/" + AwsCall.segment(id, "/change/"),
          null));
    }
  }
}
