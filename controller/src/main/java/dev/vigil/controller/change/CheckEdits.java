package dev.vigil.controller.change;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.controller.config.ApiInput;
import dev.vigil.controller.config.ConfigProblem;
import dev.vigil.controller.model.ApiMetadata;
import dev.vigil.controller.model.DesiredState;
import dev.vigil.controller.model.HealthCheck;
import dev.vigil.controller.model.HostedZone;
import dev.vigil.controller.model.RecordSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * CreateHealthCheck, UpdateHealthCheck and DeleteHealthCheck as pure functions of the desired state. Every
 * HealthCheckConfig is read by the config reader ({@link ApiInput#healthCheck}).
 */
public final class CheckEdits {

  private static final List<String> CREATE_FIELDS = List.of("CallerReference", "HealthCheckConfig");
  /** UpdateHealthCheck's fields (Type, RequestInterval and MeasureLatency cannot change, as in Route 53). */
  private static final List<String> UPDATE_FIELDS = List.of("HealthCheckVersion", "IPAddress", "Port",
      "ResourcePath", "FullyQualifiedDomainName", "SearchString", "FailureThreshold", "Inverted", "Disabled",
      "HealthThreshold", "ChildHealthChecks", "EnableSNI", "Regions", "AlarmIdentifier",
      "InsufficientDataHealthStatus", "ResetElements", "VerifyCertificate", "HealthQuorum");
  private static final List<String> RESETTABLE = List.of("FullyQualifiedDomainName", "Regions", "ResourcePath",
      "ChildHealthChecks");
  static final int MAX_CALLER_REFERENCE = 64;

  /** @param next the new desired state, or null when nothing changes (an idempotent retry, an empty update) */
  public record Outcome(DesiredState next, HealthCheck check) {}

  private CheckEdits() {}

  /**
   * @param newId the id a new check gets (a UUID generated before the request goes into the log)
   */
  public static Outcome create(DesiredState current, JsonNode request, String newId) throws ApiException {
    List<String> problems = new ArrayList<>();
    ZoneEdits.unknownFields(request, "", CREATE_FIELDS, problems);
    String reference = ZoneEdits.text(request, "CallerReference", problems);
    if (reference.length() > MAX_CALLER_REFERENCE) {
      problems.add("CallerReference: at most " + MAX_CALLER_REFERENCE + " characters, got " + reference.length());
    }
    Optional<ApiMetadata.Check> known = current.api().checks().stream()
        .filter(c -> !reference.isEmpty() && c.callerReference().equals(reference)).findFirst();
    String id = known.map(ApiMetadata.Check::id).orElse(newId);
    Optional<HealthCheck> check = Optional.empty();
    if (!request.has("HealthCheckConfig")) {
      problems.add("HealthCheckConfig: required");
    } else {
      List<ConfigProblem> found = new ArrayList<>();
      check = ApiInput.healthCheck(id, request.get("HealthCheckConfig"), "HealthCheckConfig", current.healthChecks(),
          found);
      found.forEach(p -> problems.add(p.toString()));
    }
    if (!problems.isEmpty()) {
      throw ApiException.invalidInput(String.join("; ", problems), problems);
    }
    if (current.api().retiredCheckReferences().contains(reference)) {
      throw alreadyExists(reference, "a deleted health check");
    }
    if (known.isPresent()) {
      HealthCheck existing = current.healthCheck(id).orElseThrow();
      if (existing.equals(check.get())) {
        return new Outcome(null, existing);
      }
      throw alreadyExists(reference, "health check " + id + " with a different HealthCheckConfig");
    }
    List<HealthCheck> checks = new ArrayList<>(current.healthChecks());
    checks.add(check.get());
    ApiMetadata api = current.api().withCheck(new ApiMetadata.Check(id, reference, 1));
    return new Outcome(new DesiredState(checks, current.hostedZones(), current.routing(), api), check.get());
  }

  /**
   * UpdateHealthCheck: the given fields over the current config; {@code ResetElements} restores defaults; a
   * {@code HealthCheckVersion} other than the current one is HealthCheckVersionMismatch (409).
   */
  public static Outcome update(DesiredState current, String id, JsonNode request) throws ApiException {
    HealthCheck existing = current.healthCheck(id).orElseThrow(() -> ApiException.noSuchHealthCheck(id));
    long version = current.api().version(id);
    List<String> problems = new ArrayList<>();
    ZoneEdits.unknownFields(request, "", UPDATE_FIELDS, problems);
    JsonNode asked = request.get("HealthCheckVersion");
    if (asked != null && !asked.isNull() && !(asked.canConvertToLong() && asked.isIntegralNumber())) {
      problems.add("HealthCheckVersion: must be a whole number, got " + asked);
    }
    ObjectNode config = CheckJson.config(existing);
    request.fields().forEachRemaining(f -> {
      if (!f.getKey().equals("HealthCheckVersion") && !f.getKey().equals("ResetElements")
          && UPDATE_FIELDS.contains(f.getKey())) {
        config.set(f.getKey(), f.getValue());
      }
    });
    JsonNode reset = request.get("ResetElements");
    if (reset != null && !reset.isNull()) {
      if (!reset.isArray()) {
        problems.add("ResetElements: must be a list of " + String.join(", ", RESETTABLE));
      } else {
        for (JsonNode element : reset) {
          if (!RESETTABLE.contains(element.asText())) {
            problems.add("ResetElements: must be " + String.join(", ", RESETTABLE) + ", got " + element);
          } else {
            config.remove(element.asText());
          }
        }
      }
    }
    List<ConfigProblem> found = new ArrayList<>();
    Optional<HealthCheck> check = ApiInput.healthCheck(id, config, "", current.healthChecks(), found);
    found.forEach(p -> problems.add(p.toString()));
    if (!problems.isEmpty()) {
      throw ApiException.invalidInput(String.join("; ", problems), problems);
    }
    if (asked != null && !asked.isNull() && asked.asLong() != version) {
      throw new ApiException(409, "HealthCheckVersionMismatch", "The HealthCheckVersion " + asked.asLong()
          + " does not match the current version " + version + " of health check " + id
          + "; get the health check and try again");
    }
    if (check.get().equals(existing)) {
      return new Outcome(null, existing);
    }
    List<HealthCheck> checks = current.healthChecks().stream().map(c -> c.id().equals(id) ? check.get() : c).toList();
    String reference = current.api().check(id).map(ApiMetadata.Check::callerReference).orElse("");
    ApiMetadata api = current.api().withCheck(new ApiMetadata.Check(id, reference, version + 1));
    return new Outcome(new DesiredState(checks, current.hostedZones(), current.routing(), api), check.get());
  }

  /** DeleteHealthCheck: refused (HealthCheckInUse) while a record set or a CALCULATED check refers to it. */
  public static DesiredState delete(DesiredState current, String id) throws ApiException {
    if (current.healthCheck(id).isEmpty()) {
      throw ApiException.noSuchHealthCheck(id);
    }
    List<String> users = new ArrayList<>();
    for (HostedZone zone : current.hostedZones()) {
      for (RecordSet r : zone.recordSets()) {
        if (r.healthCheckId().equals(id)) {
          users.add(r.name() + " " + r.type() + (r.setIdentifier().isEmpty() ? "" : " " + r.setIdentifier()));
        }
      }
    }
    for (HealthCheck c : current.healthChecks()) {
      if (c.childHealthChecks().contains(id)) {
        users.add("calculated health check " + c.id());
      }
    }
    if (!users.isEmpty()) {
      throw new ApiException(400, "HealthCheckInUse", "The health check " + id + " is still referenced by "
          + String.join(", ", users), users);
    }
    List<HealthCheck> checks = current.healthChecks().stream().filter(c -> !c.id().equals(id)).toList();
    return new DesiredState(checks, current.hostedZones(), current.routing(), current.api().withoutCheck(id));
  }

  private static ApiException alreadyExists(String reference, String what) {
    return new ApiException(409, "HealthCheckAlreadyExists", "The CallerReference '" + reference
        + "' was already used for " + what);
  }
}
