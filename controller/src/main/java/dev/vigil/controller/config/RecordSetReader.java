package dev.vigil.controller.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.controller.model.AliasTarget;
import dev.vigil.controller.model.AllUnhealthy;
import dev.vigil.controller.model.Failover;
import dev.vigil.controller.model.RecordSet;
import dev.vigil.controller.model.Routing;
import dev.vigil.controller.model.RoutingConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** Reads and validates one {@code ResourceRecordSet} on its own; rules across record sets are in {@link ZoneReader}. */
final class RecordSetReader {

  static final List<String> TYPES = List.of("A", "AAAA", "CNAME", "MX", "TXT", "NS", "SOA", "SRV", "PTR", "CAA", "SPF");
  private static final Set<String> UNSUPPORTED_TYPES = Set.of("DS", "HTTPS", "NAPTR", "SSHFP", "SVCB", "TLSA");
  private static final List<String> FIELDS = List.of(
      "Name", "Type", "TTL", "SetIdentifier", "Failover", "HealthCheckId", "ResourceRecords", "Weight", "Region",
      "GeoLocation", "CidrRoutingConfig", "MultiValueAnswer", "AliasTarget", "AllUnhealthy");
  private static final Set<String> UNSUPPORTED_FIELDS = Set.of("GeoProximityLocation", "TrafficPolicyInstanceId");
  /** Route 53 has no alias records of these types. */
  private static final Set<String> NO_ALIAS_TYPES = Set.of("NS", "SOA");
  private static final long MAX_TTL = Integer.MAX_VALUE;

  /**
   * A record set whose name, type and routing fields are valid, so that rules across record sets can judge it.
   *
   * @param path e.g. "HostedZones[0].ResourceRecordSets[1]"
   * @param recordSet complete only if no problem was found in it
   */
  record Entry(String path, Name name, int type, RecordSet recordSet) {}

  private final Problems problems;
  private final Set<String> healthCheckIds;
  private final RoutingReader routing;

  RecordSetReader(Problems problems, Set<String> healthCheckIds) {
    this(problems, healthCheckIds, RoutingConfig.EMPTY);
  }

  /** @param tables the routing tables that Region and CidrRoutingConfig must name entries of */
  RecordSetReader(Problems problems, Set<String> healthCheckIds, RoutingConfig tables) {
    this.problems = problems;
    this.healthCheckIds = healthCheckIds;
    this.routing = new RoutingReader(problems, tables);
  }

  Optional<Entry> read(JsonNode node, String path, Name zone) {
    Optional<Mapping> found = Mapping.of(node, path, problems);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Mapping set = found.get();
    set.allowOnly(FIELDS, UNSUPPORTED_FIELDS);
    Optional<Name> name = set.string("Name", true).flatMap(text -> ownerName(text, zone, set.path("Name")));
    Optional<String> type = set.string("Type", true).filter(text -> validType(text, set.path("Type")));
    Optional<Optional<AliasTarget>> alias = routing.aliasTarget(set, zone);
    boolean isAlias = alias.isPresent() && alias.get().isPresent();
    long ttl = 0;
    if (isAlias) {
      routing.refuseForAlias(set, type);
    } else {
      ttl = set.integer("TTL", !set.has("AliasTarget"), 0, MAX_TTL).orElse(0);
    }
    Optional<Failover> failover = failover(set);
    Optional<Routing> policy = routing.routing(set);
    Optional<String> setIdentifier = setIdentifier(set, failover, policy);
    Optional<AllUnhealthy> allUnhealthy = routing.allUnhealthy(set);
    String healthCheckId = set.string("HealthCheckId", false).filter(id -> knownCheck(id, set.path("HealthCheckId")))
        .orElse("");
    if (isAlias && failover.isPresent() && failover.get() != Failover.NONE
        && !alias.get().get().evaluateTargetHealth()) {
      problems.add(set.path("AliasTarget.EvaluateTargetHealth"), "must be true for a failover alias record");
    }
    if (isAlias && policy.isPresent() && policy.get() instanceof Routing.MultiValue) {
      problems.add(set.path("MultiValueAnswer"), "not allowed for an alias record");
    }
    List<String> values = new ArrayList<>();
    if (name.isPresent() && type.isPresent() && !set.has("AliasTarget")) {
      values = values(set, name.get(), Type.value(type.get()), ttl, zone);
    } else if (!isAlias && !set.has("AliasTarget")) {
      set.list("ResourceRecords", true);
    }
    if (name.isEmpty() || type.isEmpty() || failover.isEmpty() || setIdentifier.isEmpty() || alias.isEmpty()
        || policy.isEmpty() || allUnhealthy.isEmpty()) {
      return Optional.empty();
    }
    RecordSet recordSet = new RecordSet(name.get().toString(), type.get(), ttl, setIdentifier.get(), failover.get(),
        healthCheckId, values, policy.get(), alias.get(), allUnhealthy.get());
    return Optional.of(new Entry(path, name.get(), Type.value(type.get()), recordSet));
  }

  /**
   * Absolute names are taken as they are; a name without the final dot that already ends in the zone name is
   * absolute too (Route 53 treats every name as absolute); any other is relative to the zone.
   */
  private Optional<Name> ownerName(String text, Name zone, String path) {
    if (text.isEmpty()) {
      problems.add(path, "must not be empty");
      return Optional.empty();
    }
    String apex = zone.toString(true).toLowerCase(Locale.ROOT);
    String lower = text.toLowerCase(Locale.ROOT);
    boolean qualified = text.endsWith(".") || zone.equals(Name.root) || lower.equals(apex)
        || lower.endsWith("." + apex);
    try {
      Name name = (qualified ? Name.fromString(text, Name.root) : Name.fromString(text, zone)).canonicalize();
      if (!name.subdomain(zone)) {
        problems.add(path, name + " is not in zone " + zone);
        return Optional.empty();
      }
      return Optional.of(name);
    } catch (TextParseException e) {
      problems.add(path, "not a valid DNS name: " + e.getMessage());
      return Optional.empty();
    }
  }

  static boolean aliasAllowed(String type) {
    return !NO_ALIAS_TYPES.contains(type);
  }

  private boolean validType(String text, String path) {
    if (TYPES.contains(text)) {
      return true;
    }
    if (UNSUPPORTED_TYPES.contains(text)) {
      problems.add(path, text + " records are not supported yet");
    } else {
      problems.add(path, "must be " + Mapping.oneOf(TYPES) + ", got '" + text + "'");
    }
    return false;
  }

  private Optional<Failover> failover(Mapping set) {
    Optional<String> text = set.string("Failover", false);
    if (!set.has("Failover")) {
      return Optional.of(Failover.NONE);
    }
    if (text.isEmpty()) {
      return Optional.empty();
    }
    if (text.get().equals("PRIMARY") || text.get().equals("SECONDARY")) {
      return Optional.of(Failover.valueOf(text.get()));
    }
    problems.add(set.path("Failover"), "must be PRIMARY or SECONDARY, got '" + text.get() + "'");
    return Optional.empty();
  }

  /** "" for a simple record set; empty when broken. Every other policy needs one. */
  private Optional<String> setIdentifier(Mapping set, Optional<Failover> failover, Optional<Routing> policy) {
    boolean routed = failover.isPresent() && failover.get() != Failover.NONE
        || policy.isPresent() && policy.get() != Routing.NONE;
    String which = failover.isPresent() && failover.get() != Failover.NONE ? "Failover"
        : policy.map(RoutingReader::fieldName).orElse("");
    if (!set.has("SetIdentifier")) {
      if (routed) {
        problems.add(set.path("SetIdentifier"), "required with " + which);
        return Optional.empty();
      }
      return Optional.of("");
    }
    Optional<String> text = set.string("SetIdentifier", false);
    if (text.isEmpty()) {
      return text;
    }
    if (text.get().isEmpty() || text.get().length() > 128) {
      problems.add(set.path("SetIdentifier"), "must be 1-128 characters, got " + text.get().length());
      return Optional.empty();
    }
    if (failover.isPresent() && policy.isPresent() && !routed) {
      problems.add(set.path("SetIdentifier"), "only for record sets with a routing policy (add Failover, Weight, "
          + "Region, GeoLocation, CidrRoutingConfig or MultiValueAnswer)");
      return Optional.empty();
    }
    return text;
  }

  private boolean knownCheck(String id, String path) {
    if (healthCheckIds.contains(id)) {
      return true;
    }
    problems.add(path, "no health check with Id '" + id + "'");
    return false;
  }

  private List<String> values(Mapping set, Name name, int type, long ttl, Name zone) {
    List<JsonNode> items = set.list("ResourceRecords", true).orElse(null);
    if (items == null) {
      return List.of();
    }
    String listPath = set.path("ResourceRecords");
    if (items.isEmpty()) {
      problems.add(listPath, "must have at least one record");
    }
    if ((type == Type.CNAME || type == Type.SOA) && items.size() > 1) {
      problems.add(listPath, "a " + Type.string(type) + " record set has exactly one record, got " + items.size());
    }
    List<String> values = new ArrayList<>();
    List<Record> records = new ArrayList<>();
    List<Integer> itemIndex = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String path = listPath + "[" + i + "]";
      Optional<Mapping> item = Mapping.of(items.get(i), path, problems);
      if (item.isEmpty()) {
        continue;
      }
      item.get().allowOnly(List.of("Value"), Set.of());
      Optional<String> value = item.get().string("Value", true);
      if (value.isEmpty()) {
        continue;
      }
      try {
        Record record = Record.fromString(name, type, DClass.IN, ttl, value.get(), zone);
        int earlier = records.indexOf(record);
        if (earlier >= 0) {
          problems.add(item.get().path("Value"), "duplicate of ResourceRecords[" + itemIndex.get(earlier) + "]");
        }
        records.add(record);
        itemIndex.add(i);
        values.add(value.get());
      } catch (IOException e) {
        problems.add(item.get().path("Value"), "not a valid " + Type.string(type) + " value: " + dnsjavaMessage(e));
      }
    }
    return values;
  }

  /** dnsjava prefixes its tokenizer errors with a file name and line that mean nothing here. */
  static String dnsjavaMessage(IOException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.replaceFirst("^<none>:\\d+: ", "");
  }
}
