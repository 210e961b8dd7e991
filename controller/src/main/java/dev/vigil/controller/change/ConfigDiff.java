package dev.vigil.controller.change;

import dev.vigil.controller.model.DesiredState;
import dev.vigil.controller.model.HostedZone;
import dev.vigil.controller.model.RecordSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What applying a config changes, item by item: health checks by Id, hosted zones by Name, record sets
 * by (zone, Name, Type, SetIdentifier). Entries name the item, e.g. {@code HealthCheck web} or
 * {@code ResourceRecordSet example.test./www.example.test. A primary}; a zone's content shows up as
 * record-set entries. Each list is sorted.
 */
public record ConfigDiff(List<String> added, List<String> removed, List<String> changed) {

  public static final ConfigDiff NONE = new ConfigDiff(List.of(), List.of(), List.of());

  public ConfigDiff {
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    changed = List.copyOf(changed);
  }

  public boolean isEmpty() {
    return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
  }

  /** The difference from {@code before} to {@code after}. Pure. */
  public static ConfigDiff between(DesiredState before, DesiredState after) {
    List<String> added = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    compare(items(before, true), items(after, true), added, removed, changed);
    compare(items(before, false), items(after, false), added, removed, new ArrayList<>());
    added.sort(null);
    removed.sort(null);
    changed.sort(null);
    return new ConfigDiff(added, removed, changed);
  }

  /** Health checks and record sets by key (compared whole), or else zones by name (compared by name). */
  private static Map<String, Object> items(DesiredState state, boolean content) {
    Map<String, Object> items = new TreeMap<>();
    if (!content) {
      state.hostedZones().forEach(z -> items.put("HostedZone " + z.name(), z.name()));
      return items;
    }
    state.healthChecks().forEach(c -> items.put("HealthCheck " + c.id(), c));
    if (!state.routing().equals(dev.vigil.controller.model.RoutingConfig.EMPTY)) {
      items.put("RoutingConfig", state.routing());
    }
    for (HostedZone zone : state.hostedZones()) {
      for (RecordSet r : zone.recordSets()) {
        String id = r.setIdentifier().isEmpty() ? "" : " " + r.setIdentifier();
        items.put("ResourceRecordSet " + zone.name() + "/" + r.name() + " " + r.type() + id, r);
      }
    }
    return items;
  }

  private static void compare(Map<String, Object> before, Map<String, Object> after,
      List<String> added, List<String> removed, List<String> changed) {
    after.forEach((key, item) -> {
      Object old = before.get(key);
      if (old == null) {
        added.add(key);
      } else if (!old.equals(item)) {
        changed.add(key);
      }
    });
    before.keySet().stream().filter(key -> !after.containsKey(key)).forEach(removed::add);
  }
}
