package dev.vigil.controller.routing;

import dev.vigil.controller.model.AllUnhealthy;
import dev.vigil.controller.model.CheckHealth;
import dev.vigil.controller.model.DesiredState;
import dev.vigil.controller.model.Failover;
import dev.vigil.controller.model.HostedZone;
import dev.vigil.controller.model.RecordSet;
import dev.vigil.controller.model.Routing;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Routes every group of a desired state under given health: health per record set (its check ANDed with its alias
 * target's health when it evaluates target health: a branch is healthy while at least one record set under it is),
 * the all-unhealthy rule, the group's {@link RoutingPolicy}, then alias records replaced by their targets' answers (a
 * tree walk). Pure; memoized, so one instance serves one compilation.
 */
public final class Router {

  private final Map<GroupKey, List<RecordSet>> groups = new LinkedHashMap<>();
  private final Map<String, CheckHealth> health;
  private final ClientTables tables;
  private final Map<GroupKey, Boolean> branchHealth = new HashMap<>();
  private final Map<GroupKey, Selection> selections = new HashMap<>();
  private final Map<GroupKey, Resolved> resolved = new HashMap<>();
  private final Set<GroupKey> walking = new HashSet<>();
  private final Set<GroupKey> resolving = new HashSet<>();

  /** @param desired a state that passed validation (alias targets exist, no cycles, one client table per tree) */
  public Router(DesiredState desired, Map<String, CheckHealth> health) {
    this.health = health;
    this.tables = new ClientTables(desired.routing());
    for (HostedZone zone : desired.hostedZones()) {
      for (RecordSet recordSet : zone.recordSets()) {
        groups.computeIfAbsent(GroupKey.of(zone.name(), recordSet), k -> new ArrayList<>()).add(recordSet);
      }
    }
  }

  public ClientTables tables() {
    return tables;
  }

  /** Every group, in config order. */
  public Set<GroupKey> groups() {
    return groups.keySet();
  }

  public List<RecordSet> group(GroupKey key) {
    return groups.getOrDefault(key, List.of());
  }

  /** The group's policy decision, alias candidates not yet resolved. */
  public Selection select(GroupKey key) {
    Selection known = selections.get(key);
    if (known != null) {
      return known;
    }
    List<RecordSet> members = group(key);
    if (members.isEmpty()) {
      throw new IllegalArgumentException("no record set " + key + " in zone " + key.zone());
    }
    List<Candidate> candidates = members.stream().map(this::candidate).toList();
    Selection selection;
    if (candidates.stream().anyMatch(Candidate::healthy)) {
      selection = RoutingPolicy.of(members.getFirst()).select(candidates, tables);
    } else {
      selection = allUnhealthy(members.getFirst().allUnhealthy(), candidates);
    }
    selections.put(key, selection);
    return selection;
  }

  /**
   * The one record set every client gets, when that is a record set with values (no alias, no per-client choice);
   * null otherwise. Simple record sets that always answer skip the policy machinery.
   */
  public RecordSet directAnswer(GroupKey key) {
    List<RecordSet> members = group(key);
    if (members.size() == 1 && !members.getFirst().isAlias() && members.getFirst().failover() == Failover.NONE
        && members.getFirst().routing() == Routing.NONE
        && (members.getFirst().allUnhealthy() == AllUnhealthy.SERVE_ALL || !members.getFirst().hasHealthCheck())) {
      return members.getFirst();
    }
    Selection selection = select(key);
    if (!selection.clientMap().isEmpty() || selection.fallback().picks().size() != 1) {
      return null;
    }
    List<Candidate> only = selection.fallback().picks().getFirst().members();
    return only.size() == 1 && !only.getFirst().recordSet().isAlias() ? only.getFirst().recordSet() : null;
  }

  /** Whether the group falls back to the answers it had before (native AllUnhealthy: serve-last-healthy). */
  public boolean keepsPrevious(GroupKey key) {
    List<RecordSet> members = group(key);
    return !members.isEmpty() && members.getFirst().allUnhealthy() == AllUnhealthy.SERVE_LAST_HEALTHY
        && !branchHealthy(key);
  }

  private Selection allUnhealthy(AllUnhealthy choice, List<Candidate> candidates) {
    String count = "every record set of the group (" + candidates.size() + ") is unhealthy: ";
    if (choice == AllUnhealthy.SERVE_NONE) {
      return new Selection("", Map.of(), Decision.none("AllUnhealthy serve-none: no answer"), candidates,
          List.of(count + "AllUnhealthy serve-none"));
    }
    List<Candidate> all = candidates.stream().map(Candidate::treatedAsHealthy).toList();
    Selection normal = RoutingPolicy.of(candidates.getFirst().recordSet()).select(all, tables);
    String rule = choice == AllUnhealthy.SERVE_ALL
        ? count + "Route 53 treats them all as healthy"
        : count + "AllUnhealthy serve-last-healthy (answers as before; treated as healthy when there is no before)";
    return normal.withRules(List.of(rule), all);
  }

  private Candidate candidate(RecordSet recordSet) {
    boolean healthy = true;
    List<String> why = new ArrayList<>();
    if (recordSet.hasHealthCheck()) {
      CheckHealth decided = health.get(recordSet.healthCheckId());
      boolean own = decided == null || decided.healthy();
      healthy = own;
      why.add("health check " + recordSet.healthCheckId() + ": " + (own ? "healthy" : "unhealthy")
          + (decided == null ? " (no decision yet)" : " (" + decided.cause() + ")"));
    } else if (!recordSet.isAlias() || !recordSet.aliasTarget().get().evaluateTargetHealth()) {
      why.add("no health check: healthy");
    }
    if (recordSet.isAlias() && recordSet.aliasTarget().get().evaluateTargetHealth()) {
      GroupKey target = GroupKey.target(recordSet);
      boolean branch = branchHealthy(target);
      healthy &= branch;
      why.add("alias target " + target + ": " + (branch ? "healthy" : "no healthy record set")
          + " (EvaluateTargetHealth)");
    }
    return new Candidate(recordSet, healthy, String.join("; ", why));
  }

  /** Route 53: a branch is healthy while at least one record set in it is healthy. */
  public boolean branchHealthy(GroupKey key) {
    Boolean known = branchHealth.get(key);
    if (known != null) {
      return known;
    }
    if (!walking.add(key)) {
      return false; // a cycle; validation refuses them
    }
    boolean healthy = group(key).stream().map(this::candidate).anyMatch(Candidate::healthy);
    walking.remove(key);
    branchHealth.put(key, healthy);
    return healthy;
  }

  /** The group's answers per client label, alias records replaced by their targets' answers. */
  public Resolved resolve(GroupKey key) {
    Resolved known = resolved.get(key);
    if (known != null) {
      return known;
    }
    if (!resolving.add(key)) {
      throw new IllegalArgumentException("alias cycle through " + key);
    }
    Selection selection = select(key);
    String map = selection.clientMap();
    Set<Integer> labels = new HashSet<>(selection.byLabel().keySet());
    Map<GroupKey, Resolved> targets = new HashMap<>();
    for (Decision decision : decisions(selection)) {
      for (Pick pick : decision.picks()) {
        for (Candidate member : pick.members()) {
          if (member.recordSet().isAlias()) {
            GroupKey target = GroupKey.target(member.recordSet());
            Resolved below = targets.computeIfAbsent(target, this::resolve);
            if (!below.clientMap().isEmpty()) {
              if (!map.isEmpty() && !map.equals(below.clientMap())) {
                throw new IllegalArgumentException(key + " routes by client tables " + map + " and "
                    + below.clientMap());
              }
              map = below.clientMap();
              labels.addAll(below.byLabel().keySet());
            }
          }
        }
      }
    }
    Map<Integer, List<Outcome>> byLabel = new HashMap<>();
    for (Integer label : labels) {
      byLabel.put(label, outcomes(key, selection.clientMap().isEmpty() ? selection.fallback()
          : selection.forLabel(label), label, targets));
    }
    Resolved result = new Resolved(map, byLabel, outcomes(key, selection.fallback(), null, targets));
    resolving.remove(key);
    resolved.put(key, result);
    return result;
  }

  private static List<Decision> decisions(Selection selection) {
    List<Decision> all = new ArrayList<>(selection.byLabel().values());
    all.add(selection.fallback());
    return all;
  }

  private List<Outcome> outcomes(GroupKey key, Decision decision, Integer label, Map<GroupKey, Resolved> targets) {
    List<List<Outcome>> perPick = new ArrayList<>();
    for (Pick pick : decision.picks()) {
      Candidate first = pick.members().getFirst();
      if (first.recordSet().isAlias()) {
        perPick.add(targets.get(GroupKey.target(first.recordSet())).at(label));
      } else {
        perPick.add(List.of(new Outcome(content(key, pick.members()), 1)));
      }
    }
    return Mixing.mix(decision.picks().stream().map(Pick::weight).toList(), perPick);
  }

  /** The records of non-alias members answered together, with the smallest of their TTLs. */
  private static Content content(GroupKey key, List<Candidate> members) {
    List<Record> records = new ArrayList<>();
    long ttl = Long.MAX_VALUE;
    Name owner = name(key.name(), Name.root);
    Name origin = name(key.zone(), Name.root);
    int type = Type.value(key.type());
    for (Candidate member : members) {
      RecordSet set = member.recordSet();
      ttl = Math.min(ttl, set.ttl());
      for (String value : set.values()) {
        try {
          records.add(Record.fromString(owner, type, DClass.IN, set.ttl(), value, origin));
        } catch (IOException e) {
          throw new IllegalArgumentException(key + ": bad value '" + value + "': " + e.getMessage(), e);
        }
      }
    }
    return new Content(ttl, records);
  }

  static Name name(String text, Name origin) {
    try {
      return Name.fromString(text, origin);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("bad name '" + text + "': " + e.getMessage(), e);
    }
  }
}
