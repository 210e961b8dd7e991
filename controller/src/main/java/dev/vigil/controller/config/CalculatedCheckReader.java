package dev.vigil.controller.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.controller.model.CheckType;
import dev.vigil.controller.model.HealthCheck;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads Route 53's {@code Type: CALCULATED} checks and validates their children once every check is read. */
final class CalculatedCheckReader {

  /** What a CALCULATED check may set; the other HealthCheckConfig fields are about probing. */
  static final List<String> CALCULATED_FIELDS = List.of("Type", "Inverted", "Disabled", "ChildHealthChecks",
      "HealthThreshold", "ColdStartHealthStatus", "FlapDamping", "FailbackHoldDownSeconds");
  /** Route 53: ChildHealthChecks holds up to 256 ids and HealthThreshold is 0-256. */
  static final int MAX_CHILDREN = 256;

  private CalculatedCheckReader() {}

  /**
   * {@code Type: CALCULATED}: {@code ChildHealthChecks} (required, up to 256 ids) and {@code HealthThreshold}
   * (required, 0-256); nothing about probing. The children are checked once every check is read.
   */
  static Optional<HealthCheck> read(String id, Mapping config, List<String> allFields, int before) {
    Problems problems = config.problems();
    for (String field : allFields) {
      if (config.has(field) && !CALCULATED_FIELDS.contains(field)) {
        problems.add(config.path(field), "not for CALCULATED checks (they have no endpoint; they combine "
            + "ChildHealthChecks)");
      }
    }
    List<String> children = new ArrayList<>();
    Optional<List<JsonNode>> items = config.list("ChildHealthChecks", true);
    items.ifPresent(list -> {
      if (list.size() > MAX_CHILDREN) {
        problems.add(config.path("ChildHealthChecks"), "at most " + MAX_CHILDREN + " children, got " + list.size());
      }
      for (int i = 0; i < list.size(); i++) {
        JsonNode item = list.get(i);
        if (!item.isTextual()) {
          problems.add(config.path("ChildHealthChecks") + "[" + i + "]", "must be a string, got " + Mapping.kind(item));
        } else {
          children.add(item.asText());
        }
      }
    });
    int threshold = (int) config.integer("HealthThreshold", true, 0, MAX_CHILDREN).orElse(0);
    boolean inverted = config.bool("Inverted").orElse(false);
    boolean disabled = config.bool("Disabled").orElse(false);
    var coldStart = HealthRulesReader.coldStart(config);
    var damping = HealthRulesReader.damping(config);
    int holdDown = HealthRulesReader.failbackHoldDown(config);
    if (problems.count() != before) {
      return Optional.empty();
    }
    return Optional.of(HealthCheck.calculated(id, children, threshold)
        .withFlags(inverted, disabled, coldStart)
        .withDamping(damping, holdDown));
  }

  /** Route 53: every child exists and is not CALCULATED (no nesting), not the check itself, listed once. */
  static boolean childrenValid(HealthCheck check, String path, Map<String, String> pathById,
      Map<String, CheckType> typeById, Problems problems) {
    int before = problems.count();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < check.childHealthChecks().size(); i++) {
      String child = check.childHealthChecks().get(i);
      String at = path + "[" + i + "]";
      if (!seen.add(child)) {
        problems.add(at, "duplicate child '" + child + "'");
      } else if (child.equals(check.id())) {
        problems.add(at, "a CALCULATED check cannot be its own child");
      } else if (!pathById.containsKey(child)) {
        problems.add(at, "no health check '" + child + "'");
      } else if (typeById.get(child) == CheckType.CALCULATED) {
        problems.add(at, "'" + child + "' is CALCULATED; a CALCULATED check's children cannot be calculated");
      }
    }
    return problems.count() == before;
  }
}
