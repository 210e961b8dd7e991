package dev.vigil.controller.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.vigil.controller.model.DesiredState;
import dev.vigil.controller.model.HealthCheck;
import dev.vigil.controller.model.GeoLocation;
import dev.vigil.controller.model.HostedZone;
import dev.vigil.controller.model.Routing;
import dev.vigil.controller.model.RoutingConfig;
import dev.vigil.controller.model.RoutingConfig.GeoNetwork;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.Name;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads the desired state from YAML or JSON (YAML is a superset) with Route 53's field names, validating
 * everything and reporting every problem at once.
 */
public final class ConfigLoader {

  private static final List<String> FIELDS =
      List.of("HealthChecks", "HostedZones", "LatencyRegions", "CidrCollections", "GeoLocationDatabase");
  private static final YAMLMapper MAPPER = YAMLMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .build();

  private ConfigLoader() {}

  /** @param sourceName where the text came from, used in the exception message (e.g. the file name) */
  public static DesiredState parse(String text, String sourceName) throws ConfigException {
    return parse(text, sourceName, Path.of(""));
  }

  /** @param baseDir where relative {@code ZoneFile} paths start */
  public static DesiredState parse(String text, String sourceName, Path baseDir) throws ConfigException {
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new ConfigException(sourceName, List.of(syntaxProblem(e)));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return DesiredState.EMPTY;
    }
    Problems problems = new Problems();
    DesiredState state = Mapping.of(root, "", problems).map(top -> read(top, problems, baseDir)).orElse(DesiredState.EMPTY);
    if (!problems.isEmpty()) {
      throw new ConfigException(sourceName, problems.list());
    }
    return state;
  }

  /** An unreadable file is a ConfigException too. */
  public static DesiredState load(Path file) throws ConfigException {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException(file.toString(), List.of(new ConfigProblem("", "cannot read: " + reason(e))));
    }
    Path dir = file.toAbsolutePath().getParent();
    return parse(text, file.toString(), dir == null ? Path.of("") : dir);
  }

  private static DesiredState read(Mapping top, Problems problems, Path baseDir) {
    top.allowOnly(FIELDS, Set.of());
    RoutingConfig tables = new RoutingTablesReader(problems, baseDir).read(top);
    HealthCheckReader checkReader = new HealthCheckReader(problems);
    List<HealthCheck> checks = top.list("HealthChecks", false).map(checkReader::read).orElse(List.of());
    ZoneReader zoneReader = new ZoneReader(problems, checkReader.declaredIds(), baseDir, tables);
    List<HostedZone> zones = top.list("HostedZones", false).map(zoneReader::read).orElse(List.of());
    new AliasRules(problems).check(zoneReader.entries());
    return new DesiredState(checks, zones, withGeoNetworks(tables, zoneReader.entries(), problems));
  }

  /** Reads the networks of the geolocation database that the geolocation record sets need. */
  private static RoutingConfig withGeoNetworks(RoutingConfig tables, Map<Name, List<RecordSetReader.Entry>> zones,
      Problems problems) {
    Set<GeoLocation> used = new HashSet<>();
    String firstPath = null;
    for (List<RecordSetReader.Entry> entries : zones.values()) {
      for (RecordSetReader.Entry entry : entries) {
        if (entry.recordSet().routing() instanceof Routing.Geo geo) {
          used.add(geo.location());
          firstPath = firstPath == null ? entry.path() + ".GeoLocation" : firstPath;
        }
      }
    }
    if (used.isEmpty()) {
      return tables;
    }
    if (tables.geoDatabase().isEmpty()) {
      if (!problems.list().stream().anyMatch(p -> p.path().equals("GeoLocationDatabase"))) {
        problems.add(firstPath, "geolocation routing needs GeoLocationDatabase (a MaxMind .mmdb file) at the top"
            + " of the config");
      }
      return tables;
    }
    try {
      List<GeoNetwork> networks = GeoDatabase.networks(Path.of(tables.geoDatabase()), used);
      return new RoutingConfig(tables.latencyRegions(), tables.cidrCollections(), tables.geoDatabase(), networks);
    } catch (IOException e) {
      problems.add("GeoLocationDatabase", "cannot read " + tables.geoDatabase() + ": " + e.getMessage());
      return tables;
    }
  }

  private static ConfigProblem syntaxProblem(JsonProcessingException e) {
    // SnakeYAML knows the offending spot and the actual problem; Jackson's own message is the context.
    if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
      Mark mark = yaml.getProblemMark();
      String context = yaml.getContext() == null ? "" : " (" + yaml.getContext().strip() + ")";
      return new ConfigProblem("line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1),
          "syntax error: " + firstLine(yaml.getProblem()) + context);
    }
    JsonLocation location = e.getLocation();
    String where = location == null || location.getLineNr() < 1
        ? "syntax"
        : "line " + location.getLineNr() + ", column " + location.getColumnNr();
    return new ConfigProblem(where, "syntax error: " + firstLine(e.getOriginalMessage()));
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    String stripped = message.strip();
    int newline = stripped.indexOf('\n');
    return newline < 0 ? stripped : stripped.substring(0, newline).strip();
  }

  private static String reason(IOException e) {
    return switch (e) {
      case NoSuchFileException ignored -> "no such file";
      case AccessDeniedException ignored -> "permission denied";
      case MalformedInputException ignored -> "not UTF-8 text";
      default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    };
  }
}
