package dev.vigil.controller.ctl;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code aws route53} health-check verbs. */
final class HealthCheckVerbs {

  private HealthCheckVerbs() {}

  /** The --health-check-id of every verb on one check. */
  abstract static class OneCheck {
    @ParentCommand CtlMain ctl;

    @Option(names = "--health-check-id", required = true, description = "The check's id.") String id;

    String path() {
      return "/v1/healthcheck/" + AwsCall.segment(id, "/healthcheck/");
    }
  }

  @Command(name = "create-health-check", mixinStandardHelpOptions = true,
      description = "Create a health check; the same --caller-reference and config again returns the same check.")
  static final class CreateHealthCheck implements Callable<Integer> {
    @ParentCommand CtlMain ctl;

    @Option(names = "--caller-reference", required = true, description = "A unique string (idempotency).")
    String callerReference;

    @Option(names = "--health-check-config", required = true, paramLabel = "file://CFG.json|JSON",
        description = "Route 53's HealthCheckConfig.") String config;

    @Override
    public Integer call() {
      return ctl.guarded(() -> {
        ObjectNode body = CtlMain.JSON.createObjectNode().put("CallerReference", callerReference);
        body.set("HealthCheckConfig", AwsCall.structureArgument("--health-check-config", config));
        return AwsCall.run(ctl, "CreateHealthCheck", "POST", "/v1/healthcheck", body);
      });
    }
  }

  @Command(name = "list-health-checks", mixinStandardHelpOptions = true, description = "Every health check.")
  static final class ListHealthChecks implements Callable<Integer> {
    @ParentCommand CtlMain ctl;

    @Override
    public Integer call() {
      return AwsCall.run(ctl, "ListHealthChecks", "GET", "/v1/healthcheck", null);
    }
  }

  @Command(name = "get-health-check", mixinStandardHelpOptions = true, description = "One health check.")
  static final class GetHealthCheck extends OneCheck implements Callable<Integer> {
    @Override
    public Integer call() {
      return ctl.guarded(() -> AwsCall.run(ctl, "GetHealthCheck", "GET", path(), null));
    }
  }

  @Command(name = "get-health-check-status", mixinStandardHelpOptions = true,
      description = "Each agent's latest result for the check, and the decided health.")
  static final class GetHealthCheckStatus extends OneCheck implements Callable<Integer> {
    @Override
    public Integer call() {
      return ctl.guarded(() -> AwsCall.run(ctl, "GetHealthCheckStatus", "GET", path() + "/status", null));
    }
  }

  @Command(name = "delete-health-check", mixinStandardHelpOptions = true,
      description = "Delete a health check no record set refers to.")
  static final class DeleteHealthCheck extends OneCheck implements Callable<Integer> {
    @Override
    public Integer call() {
      return ctl.guarded(() -> AwsCall.run(ctl, "DeleteHealthCheck", "DELETE", path(), null));
    }
  }

  @Command(name = "update-health-check", mixinStandardHelpOptions = true, sortOptions = false,
      description = "Change some fields of a health check (Type and RequestInterval cannot change).")
  static final class UpdateHealthCheck extends OneCheck implements Callable<Integer> {
    @Option(names = "--health-check-version", description = "Refused unless it is the current version.")
    Long version;

    @Option(names = "--ip-address") String ipAddress;
    @Option(names = "--port") Integer port;
    @Option(names = "--resource-path") String resourcePath;
    @Option(names = "--fully-qualified-domain-name") String fqdn;
    @Option(names = "--search-string") String searchString;
    @Option(names = "--failure-threshold") Integer failureThreshold;
    @Option(names = "--inverted", negatable = true) Boolean inverted;
    @Option(names = "--disabled", negatable = true) Boolean disabled;
    @Option(names = "--enable-sni", negatable = true) Boolean enableSni;
    @Option(names = "--health-threshold") Integer healthThreshold;
    @Option(names = "--child-health-checks", arity = "1..*") List<String> children;
    @Option(names = "--regions", arity = "1..*") List<String> regions;

    @Option(names = "--reset-elements", arity = "1..*",
        description = "FullyQualifiedDomainName, Regions, ResourcePath and/or ChildHealthChecks")
    List<String> reset;

    @Override
    public Integer call() {
      return ctl.guarded(() -> {
        ObjectNode body = CtlMain.JSON.createObjectNode();
        if (version != null) {
          body.put("HealthCheckVersion", version);
        }
        putIf(body, "IPAddress", ipAddress);
        putIf(body, "ResourcePath", resourcePath);
        putIf(body, "FullyQualifiedDomainName", fqdn);
        putIf(body, "SearchString", searchString);
        if (port != null) {
          body.put("Port", port);
        }
        if (failureThreshold != null) {
          body.put("FailureThreshold", failureThreshold);
        }
        if (healthThreshold != null) {
          body.put("HealthThreshold", healthThreshold);
        }
        if (inverted != null) {
          body.put("Inverted", inverted);
        }
        if (disabled != null) {
          body.put("Disabled", disabled);
        }
        if (enableSni != null) {
          body.put("EnableSNI", enableSni);
        }
        list(body, "ChildHealthChecks", children);
        list(body, "Regions", regions);
        list(body, "ResetElements", reset);
        return AwsCall.run(ctl, "UpdateHealthCheck", "POST", path(), body);
      });
    }

    private static void putIf(ObjectNode body, String field, String value) {
      if (value != null) {
        body.put(field, value);
      }
    }

    private static void list(ObjectNode body, String field, List<String> values) {
      if (values != null) {
        ArrayNode array = body.putArray(field);
        values.forEach(array::add);
      }
    }
  }
}
