package dev.vigil.controller.change;

import dev.vigil.controller.model.ApiMetadata;
import dev.vigil.controller.model.DesiredState;
import dev.vigil.controller.model.HealthCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A config file (--config, POST /v1/config) carries no API metadata: it keeps the metadata of the zones and
 * checks that stay, bumps the HealthCheckVersion of each check whose config it changes, retires the
 * CallerReferences of the checks it removes, and keeps the change records. Pure; an unchanged config gives
 * back exactly the metadata it started from (so applying it again commits nothing).
 */
public final class MetadataCarry {

  private MetadataCarry() {}

  public static DesiredState carry(DesiredState before, DesiredState config) {
    ApiMetadata api = before.api();
    List<ApiMetadata.Check> checks = new ArrayList<>();
    List<String> retired = new ArrayList<>(api.retiredCheckReferences());
    for (ApiMetadata.Check known : api.checks()) {
      Optional<HealthCheck> now = config.healthCheck(known.id());
      if (now.isEmpty()) {
        if (!known.callerReference().isEmpty()) {
          retired.add(known.callerReference());
        }
      } else if (changed(before, now.get())) {
        checks.add(new ApiMetadata.Check(known.id(), known.callerReference(), known.version() + 1));
      } else {
        checks.add(known);
      }
    }
    for (HealthCheck check : config.healthChecks()) {
      if (api.check(check.id()).isEmpty() && changed(before, check)) {
        checks.add(new ApiMetadata.Check(check.id(), "", 2));
      }
    }
    ApiMetadata next = new ApiMetadata(
        api.zones().stream().filter(z -> config.hostedZone(z.name()).isPresent()).toList(),
        checks, api.changes(), retired);
    return config.withApi(next);
  }

  /** An existing check whose config differs (a new check starts at version 1). */
  private static boolean changed(DesiredState before, HealthCheck check) {
    return before.healthCheck(check.id()).map(old -> !old.equals(check)).orElse(false);
  }
}
