package dev.vigil.controller.change;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.controller.config.ApiInput;
import dev.vigil.controller.config.ConfigProblem;
import dev.vigil.controller.config.RecordSets;
import dev.vigil.controller.model.AliasTarget;
import dev.vigil.controller.model.DesiredState;
import dev.vigil.controller.model.HealthCheck;
import dev.vigil.controller.model.HostedZone;
import dev.vigil.controller.model.RecordSet;
import dev.vigil.controller.model.RoutingConfig;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Route 53's ChangeResourceRecordSets on one hosted zone, as a pure function of the desired state and the
 * ChangeBatch JSON. Each ResourceRecordSet is read by the config readers ({@link ApiInput}); the changes apply
 * in order (so DELETE then CREATE replaces); CREATE fails when the (Name, Type, SetIdentifier) exists, DELETE
 * unless it matches the existing record set exactly, UPSERT creates or replaces. The resulting zone then gets
 * the config file's rules across record sets. Every problem is collected; any problem means nothing applies.
 */
public final class ChangeBatch {

  public enum Action { CREATE, DELETE, UPSERT }

  /** Route 53's ChangeBatch limits: ResourceRecord elements and Value characters, UPSERT counted twice. */
  static final int MAX_RECORDS = 1000;
  static final int MAX_VALUE_CHARS = 32_000;
  static final int MAX_COMMENT = 256;

  private static final List<String> BATCH_FIELDS = List.of("Comment", "Changes");
  private static final List<String> CHANGE_FIELDS = List.of("Action", "ResourceRecordSet");

  /** One parsed change; {@code path} is where it is in the batch, e.g. "Changes[1]". */
  public record Change(Action action, String path, RecordSet recordSet) {}

  /** @param next the whole desired state with the zone changed */
  public record Applied(DesiredState next, String comment) {}

  private ChangeBatch() {}

  /**
   * @param zoneName the zone's name, absolute and lower case
   * @throws ApiException InvalidChangeBatch listing every problem (400); NoSuchHostedZone
   */
  public static Applied apply(DesiredState current, String zoneName, JsonNode batch) throws ApiException {
    HostedZone zone = current.hostedZone(zoneName).orElseThrow(() -> ApiException.noSuchHostedZone(zoneName));
    List<String> problems = new ArrayList<>();
    String comment = comment(batch, problems);
    List<Change> changes = parse(batch, zoneName, current.healthChecks().stream().map(HealthCheck::id)
        .collect(Collectors.toSet()), current.routing(), problems).stream()
        .map(c -> new Change(c.action(), c.path(), aliasByZoneName(c.recordSet(), current)))
        .toList();
    List<RecordSet> result = applyInOrder(zoneName, zone.recordSets(), changes, problems);
    List<ApiInput.Located> located = new ArrayList<>();
    for (RecordSet set : result) {
      located.add(new ApiInput.Located(origin(set, changes), set));
    }
    ApiInput.zoneRules(zoneName, located).forEach(p -> problems.add(text(p)));
    if (!problems.isEmpty()) {
      problems.sort(Comparator.comparingInt(ChangeBatch::changeIndex)); // stable: in batch order, then as found
      throw new ApiException(400, "InvalidChangeBatch", problems.size() == 1 ? problems.getFirst()
          : problems.size() + " problems in the change batch; nothing was changed", problems);
    }
    List<HostedZone> zones = current.hostedZones().stream()
        .map(z -> z.name().equals(zoneName) ? new HostedZone(zoneName, result) : z).toList();
    DesiredState next = new DesiredState(current.healthChecks(), zones, current.routing(), current.api());
    // Rules across zones (alias targets and cycles) and the geolocation networks the new record sets need.
    RecordSets.check(next).forEach(p -> problems.add(text(p)));
    RoutingConfig tables = current.routing();
    try {
      tables = RecordSets.withGeoNetworks(next);
    } catch (IOException e) {
      problems.add("GeoLocation: the geolocation database " + current.routing().geoDatabase()
          + " cannot be read: " + e.getMessage());
    }
    if (!problems.isEmpty()) {
      throw new ApiException(400, "InvalidChangeBatch", problems.size() == 1 ? problems.getFirst()
          : problems.size() + " problems in the change batch; nothing was changed", problems);
    }
    return new Applied(new DesiredState(current.healthChecks(), zones, tables, current.api()), comment);
  }

  /** Route 53 names an alias target's zone by id; record sets keep the zone's name. */
  static RecordSet aliasByZoneName(RecordSet set, DesiredState state) {
    if (set.aliasTarget().isEmpty()) {
      return set;
    }
    AliasTarget target = set.aliasTarget().get();
    String id = target.hostedZoneId().replaceFirst("^/hostedzone/", "").replaceFirst("\\.$", "");
    for (HostedZone zone : state.hostedZones()) {
      if (state.api().zoneId(zone.name()).equalsIgnoreCase(id)) {
        return new RecordSet(set.name(), set.type(), set.ttl(), set.setIdentifier(), set.failover(),
            set.healthCheckId(), set.values(), set.routing(),
            Optional.of(new AliasTarget(zone.name(), target.dnsName(), target.evaluateTargetHealth())),
            set.allUnhealthy());
      }
    }
    return set;
  }

  private static String comment(JsonNode batch, List<String> problems) {
    if (batch == null || !batch.isObject()) {
      problems.add("ChangeBatch: required, a JSON object with Changes");
      return "";
    }
    for (Iterator<String> names = batch.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!BATCH_FIELDS.contains(name)) {
        problems.add("ChangeBatch." + name + ": unknown field (expected Comment or Changes)");
      }
    }
    JsonNode comment = batch.get("Comment");
    if (comment == null || comment.isNull()) {
      return "";
    }
    if (!comment.isTextual()) {
      problems.add("ChangeBatch.Comment: must be a string");
      return "";
    }
    if (comment.asText().length() > MAX_COMMENT) {
      problems.add("ChangeBatch.Comment: at most " + MAX_COMMENT + " characters, got " + comment.asText().length());
    }
    return comment.asText();
  }

  /** Every change whose Action and ResourceRecordSet are valid; the problems of the others. */
  static List<Change> parse(JsonNode batch, String zoneName, Set<String> checkIds, RoutingConfig tables,
      List<String> problems) {
    List<Change> changes = new ArrayList<>();
    JsonNode items = batch == null ? null : batch.get("Changes");
    if (batch != null && batch.isObject() && (items == null || !items.isArray() || items.isEmpty())) {
      problems.add("ChangeBatch.Changes: required, a list of at least one change");
      return changes;
    }
    if (items == null) {
      return changes;
    }
    int records = 0;
    int chars = 0;
    for (int i = 0; i < items.size(); i++) {
      String path = "Changes[" + i + "]";
      JsonNode item = items.get(i);
      if (!item.isObject()) {
        problems.add(path + ": must be an object with Action and ResourceRecordSet");
        continue;
      }
      for (Iterator<String> names = item.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!CHANGE_FIELDS.contains(name)) {
          problems.add(path + "." + name + ": unknown field (expected Action or ResourceRecordSet)");
        }
      }
      Optional<Action> action = action(item.get("Action"), path + ".Action", problems);
      List<ConfigProblem> found = new ArrayList<>();
      Optional<RecordSet> set = item.has("ResourceRecordSet")
          ? ApiInput.recordSet(item.get("ResourceRecordSet"), path + ".ResourceRecordSet", zoneName, checkIds, tables,
              found)
          : Optional.empty();
      if (!item.has("ResourceRecordSet")) {
        found.add(new ConfigProblem(path + ".ResourceRecordSet", "required"));
      }
      found.forEach(p -> problems.add(text(p)));
      if (action.isPresent() && set.isPresent()) {
        int weight = action.get() == Action.UPSERT ? 2 : 1;
        records += weight * set.get().values().size();
        chars += weight * set.get().values().stream().mapToInt(String::length).sum();
        changes.add(new Change(action.get(), path, set.get()));
      }
    }
    if (records > MAX_RECORDS) {
      problems.add("ChangeBatch: at most " + MAX_RECORDS + " ResourceRecord elements (UPSERT counts twice), got "
          + records);
    }
    if (chars > MAX_VALUE_CHARS) {
      problems.add("ChangeBatch: at most " + MAX_VALUE_CHARS + " characters of Value (UPSERT counts twice), got "
          + chars);
    }
    return changes;
  }

  private static Optional<Action> action(JsonNode node, String path, List<String> problems) {
    if (node == null || node.isNull()) {
      problems.add(path + ": required (CREATE, DELETE or UPSERT)");
      return Optional.empty();
    }
    for (Action a : Action.values()) {
      if (node.isTextual() && a.name().equals(node.asText())) {
        return Optional.of(a);
      }
    }
    problems.add(path + ": must be CREATE, DELETE or UPSERT, got " + node);
    return Optional.empty();
  }

  /** The zone's record sets after each change in order; a change that cannot apply adds its problem. */
  static List<RecordSet> applyInOrder(String zoneName, List<RecordSet> existing, List<Change> changes,
      List<String> problems) {
    List<RecordSet> sets = new ArrayList<>(existing);
    for (Change change : changes) {
      RecordSet wanted = change.recordSet();
      int at = indexOf(sets, wanted);
      boolean apexGenerated = at < 0 && isApexSoaOrNs(zoneName, wanted);
      String what = "resource record set [name='" + wanted.name() + "', type='" + wanted.type() + "'"
          + (wanted.setIdentifier().isEmpty() ? "" : ", set-identifier='" + wanted.setIdentifier() + "'") + "]";
      switch (change.action()) {
        case CREATE -> {
          if (at >= 0 || apexGenerated) {
            problems.add(change.path() + ": Tried to create " + what + " but it already exists");
          } else {
            sets.add(wanted);
          }
        }
        case DELETE -> {
          if (isApexSoaOrNs(zoneName, wanted)) {
            problems.add(change.path() + ": Tried to delete " + what + ": the zone's apex " + wanted.type()
                + " cannot be deleted (UPSERT it instead)");
          } else if (at < 0) {
            problems.add(change.path() + ": Tried to delete " + what + " but it was not found");
          } else if (!sameRecordSet(sets.get(at), wanted)) {
            problems.add(change.path() + ": Tried to delete " + what
                + " but the values provided do not match the current values");
          } else {
            sets.remove(at);
          }
        }
        case UPSERT -> {
          if (at >= 0) {
            sets.set(at, wanted);
          } else {
            sets.add(wanted);
          }
        }
      }
    }
    return sets;
  }

  /** Where a resulting record set came from: the last change that wrote it, or the existing zone. */
  private static String origin(RecordSet set, List<Change> changes) {
    for (int i = changes.size() - 1; i >= 0; i--) {
      if (changes.get(i).action() != Action.DELETE && changes.get(i).recordSet() == set) {
        return changes.get(i).path() + ".ResourceRecordSet";
      }
    }
    return "existing " + set.name() + " " + set.type()
        + (set.setIdentifier().isEmpty() ? "" : " " + set.setIdentifier());
  }

  /** Same identity: Route 53 keys a record set by Name, Type and SetIdentifier. */
  static int indexOf(List<RecordSet> sets, RecordSet wanted) {
    for (int i = 0; i < sets.size(); i++) {
      RecordSet s = sets.get(i);
      if (s.name().equals(wanted.name()) && s.type().equals(wanted.type())
          && s.setIdentifier().equals(wanted.setIdentifier())) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Every field equal, the values in any order. Compares the record's components generically, so that fields
   * added to {@link RecordSet} (routing policies) take part without a change here.
   */
  static boolean sameRecordSet(RecordSet a, RecordSet b) {
    if (a.equals(b)) {
      return true;
    }
    try {
      for (RecordComponent c : RecordSet.class.getRecordComponents()) {
        Object x = c.getAccessor().invoke(a);
        Object y = c.getAccessor().invoke(b);
        boolean same = c.getName().equals("values")
            ? sorted(a.values()).equals(sorted(b.values()))
            : Objects.equals(x, y);
        if (!same) {
          return false;
        }
      }
      return true;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("RecordSet components are public", e);
    }
  }

  private static List<String> sorted(List<String> values) {
    return values.stream().sorted().toList();
  }

  static boolean isApexSoaOrNs(String zoneName, RecordSet set) {
    return set.name().equals(zoneName) && (set.type().equals("SOA") || set.type().equals("NS"));
  }

  /** The N of a problem about "Changes[N]…"; -1 for the batch as a whole. */
  private static int changeIndex(String problem) {
    if (!problem.startsWith("Changes[")) {
      return -1;
    }
    int end = problem.indexOf(']');
    return Integer.parseInt(problem.substring("Changes[".length(), end));
  }

  private static String text(ConfigProblem p) {
    return p.path().isEmpty() ? p.message() : p.path() + ": " + p.message();
  }
}
