package dev.vigil.controller.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.controller.config.RecordSetReader.Entry;
import dev.vigil.controller.model.HealthCheck;
import dev.vigil.controller.model.RecordSet;
import dev.vigil.controller.model.RoutingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The config readers, for the admin API: the same parsing and validation as a config file (one parser for
 * both), applied to one ResourceRecordSet, one HealthCheckConfig, or the record sets of one zone after a
 * change batch. Problems are collected, never thrown one by one.
 */
public final class ApiInput {

  private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /** A record set and where it came from, e.g. "Changes[2].ResourceRecordSet". */
  public record Located(String path, RecordSet recordSet) {}

  private ApiInput() {}

  /** A JSON request body; malformed JSON is one problem naming the line, column and what is wrong. */
  public static JsonNode json(String text, String source) throws ConfigException {
    if (text == null || text.isBlank()) {
      throw new ConfigException(source, List.of(new ConfigProblem("", "empty body: expected a JSON object")));
    }
    try {
      JsonNode node = JSON.readTree(text);
      if (node == null || !node.isObject()) {
        throw new ConfigException(source, List.of(new ConfigProblem("", "must be a JSON object, got "
            + Mapping.kind(node))));
      }
      return node;
    } catch (JsonProcessingException e) {
      var at = e.getLocation();
      String where = at == null || at.getLineNr() < 1 ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr();
      String message = e.getOriginalMessage() == null ? "unreadable" : e.getOriginalMessage().lines().findFirst()
          .orElse("unreadable").strip();
      throw new ConfigException(source, List.of(new ConfigProblem(where, "malformed JSON: " + message)));
    }
  }

  /**
   * One {@code ResourceRecordSet} of {@code zone}, read as in a config file.
   *
   * @param checkIds the health checks it may refer to
   * @param tables the routing tables its Region or CidrRoutingConfig must name entries of
   * @param problems where its problems go
   */
  public static Optional<RecordSet> recordSet(JsonNode node, String path, String zone, Set<String> checkIds,
      RoutingConfig tables, List<ConfigProblem> problems) {
    RecordSets.Parsed parsed = RecordSets.parse(node, path, zone, checkIds, tables);
    problems.addAll(parsed.problems());
    return parsed.recordSet();
  }

  /** The rules across the record sets of one zone (groups, CNAME, SOA), as a config file's zone gets them. */
  public static List<ConfigProblem> zoneRules(String zone, List<Located> recordSets) {
    Problems found = new Problems();
    List<Entry> entries = new ArrayList<>();
    for (Located located : recordSets) {
      RecordSet set = located.recordSet();
      entries.add(new Entry(located.path(), origin(set.name()), Type.value(set.type()), set));
    }
    new ZoneReader(found, Set.of()).checkRecordSets(entries, origin(zone));
    return found.list();
  }

  /**
   * A {@code HealthCheckConfig} for the check {@code id}, read as in a config file.
   *
   * @param path where the config is in the request, e.g. "HealthCheckConfig"
   */
  public static Optional<HealthCheck> healthCheck(String id, JsonNode config, String path,
      List<ConfigProblem> problems) {
    return healthCheck(id, config, path, List.of(), problems);
  }

  /**
   * As {@link #healthCheck(String, JsonNode, String, List)}, where a CALCULATED check's ChildHealthChecks may name
   * the {@code existing} checks (the one with {@code id} itself excepted).
   */
  public static Optional<HealthCheck> healthCheck(String id, JsonNode config, String path, List<HealthCheck> existing,
      List<ConfigProblem> problems) {
    ObjectNode item = JsonNodeFactory.instance.objectNode();
    item.put("Id", id);
    item.set("HealthCheckConfig", config);
    Problems found = new Problems();
    HealthCheckReader reader = new HealthCheckReader(found);
    existing.stream().filter(c -> !c.id().equals(id)).forEach(reader::know);
    List<HealthCheck> checks = reader.read(List.of(item));
    String prefix = "HealthChecks[0].HealthCheckConfig";
    for (ConfigProblem p : found.list()) {
      String at = p.path().startsWith(prefix) ? path + p.path().substring(prefix.length()) : p.path();
      problems.add(new ConfigProblem(at, p.message()));
    }
    return found.isEmpty() && checks.size() == 1 ? Optional.of(checks.getFirst()) : Optional.empty();
  }

  /** A valid DNS name, absolute and lower case ("example.com" becomes "example.com."), or empty. */
  public static Optional<String> zoneName(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Name.fromString(text, Name.root).canonicalize().toString());
    } catch (TextParseException e) {
      return Optional.empty();
    }
  }

  private static Name origin(String name) {
    try {
      return Name.fromString(name, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("not a DNS name: " + name, e);
    }
  }
}
