package dev.vigil.controller.ctl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code aws route53} hosted-zone verbs. A zone is named by its id (Z… or /hostedzone/Z…) or by its name. */
final class ZoneVerbs {

  private ZoneVerbs() {}

  @Command(name = "list-hosted-zones", mixinStandardHelpOptions = true, description = "Every hosted zone.")
  static final class ListHostedZones implements Callable<Integer> {
    @ParentCommand CtlMain ctl;

    @Override
    public Integer call() {
      return AwsCall.run(ctl, "ListHostedZones", "GET", "/v1/hostedzone", null);
    }
  }

  @Command(name = "create-hosted-zone", mixinStandardHelpOptions = true,
      description = "Create a hosted zone; the same --caller-reference again returns the same zone.")
  static final class CreateHostedZone implements Callable<Integer> {
    @ParentCommand CtlMain ctl;

    @Option(names = "--name", required = true, description = "The zone's domain name.") String name;

    @Option(names = "--caller-reference", required = true, description = "A unique string (idempotency).")
    String callerReference;

    @Option(names = "--hosted-zone-config", paramLabel = "Comment=...,PrivateZone=false|JSON",
        description = "Shorthand or JSON, as the AWS CLI.") String config;

    @Override
    public Integer call() {
      return ctl.guarded(() -> {
        ObjectNode body = CtlMain.JSON.createObjectNode().put("Name", name).put("CallerReference", callerReference);
        if (config != null) {
          body.set("HostedZoneConfig", AwsCall.structureArgument("--hosted-zone-config", config));
        }
        return AwsCall.run(ctl, "CreateHostedZone", "POST", "/v1/hostedzone", body);
      });
    }
  }

  @Command(name = "get-hosted-zone", mixinStandardHelpOptions = true, description = "One hosted zone.")
  static final class GetHostedZone implements Callable<Integer> {
    @ParentCommand CtlMain ctl;

    @Option(names = "--id", required = true, description = "The zone's id or name.") String id;

    @Override
    public Integer call() {
      return ctl.guarded(() -> AwsCall.run(ctl, "GetHostedZone", "GET",
          "/v1/hostedzone/" + AwsCall.segment(id, "/hostedzone/"), null));
    }
  }

  @Command(name = "delete-hosted-zone", mixinStandardHelpOptions = true,
      description = "Delete a hosted zone that holds nothing but its apex SOA and NS.")
  static final class DeleteHostedZone implements Callable<Integer> {
    @ParentCommand CtlMain ctl;

    @Option(names = "--id", required = true, description = "The zone's id or name.") String id;

    @Override
    public Integer call() {
      return ctl.guarded(() -> AwsCall.run(ctl, "DeleteHostedZone", "DELETE",
          "/v1/hostedzone/" + AwsCall.segment(id, "/hostedzone/"), null));
    }
  }
}
