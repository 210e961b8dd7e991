package dev.vigil.controller.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.controller.model.CheckType;
import dev.vigil.controller.model.HealthCheck;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.xbill.DNS.Address;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/** Reads and validates {@code HealthChecks}, applying Route 53's defaults. */
final class HealthCheckReader {

  static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  static final int MAX_TEXT = 255;

  private static final List<String> CHECK_FIELDS = List.of("Id", "HealthCheckConfig");
  private static final List<String> CONFIG_FIELDS = List.of(
      "Type", "IPAddress", "FullyQualifiedDomainName", "Port", "ResourcePath", "SearchString",
      "RequestInterval", "FailureThreshold", "MeasureLatency", "Inverted", "Disabled", "EnableSNI", "Regions",
      "VerifyCertificate", "HealthQuorum", "HealthyThreshold", "UnhealthyThreshold", "ChildHealthChecks",
      "HealthThreshold", "ColdStartHealthStatus", "FlapDamping", "FailbackHoldDownSeconds");
  private static final List<String> QUORUM_FIELDS = List.of("HealthyFractionAbove", "HealthyRegionsAtLeast");
  private static final Set<String> UNSUPPORTED_FIELDS = Set.of(
      "AlarmIdentifier", "InsufficientDataHealthStatus", "RoutingControlArn");
  private static final Set<String> UNSUPPORTED_TYPES = Set.of("CLOUDWATCH_METRIC", "RECOVERY_CONTROL");

  /** A check's quorum, as HealthQuorum reads it. */
  private record Quorum(double fraction, int regionsAtLeast) {}
  private static final List<String> TYPES = Arrays.stream(CheckType.values()).map(Enum::name).toList();

  private final Problems problems;
  private final Map<String, String> pathById = new HashMap<>();
  private final Map<String, CheckType> typeById = new HashMap<>();
  /** Path of each CALCULATED check's ChildHealthChecks, by check id, to validate the children once all are read. */
  private final Map<String, String> childrenPathById = new HashMap<>();

  HealthCheckReader(Problems problems) {
    this.problems = problems;
  }

  /** A check that exists already (e.g. when the admin API reads one new check): children may name it. */
  void know(HealthCheck existing) {
    pathById.put(existing.id(), "existing health check " + existing.id());
    typeById.put(existing.id(), existing.type());
  }

  /** Every Id given, valid check or not, so that references to a broken check do not also fail. */
  Set<String> declaredIds() {
    return pathById.keySet();
  }

  List<HealthCheck> read(List<JsonNode> items) {
    List<HealthCheck> checks = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Optional<Mapping> item = Mapping.of(items.get(i), "HealthChecks[" + i + "]", problems);
      item.flatMap(this::check).ifPresent(checks::add);
    }
    Set<String> broken = new HashSet<>();
    for (HealthCheck c : checks) {
      if (c.type() == CheckType.CALCULATED
          && !CalculatedCheckReader.childrenValid(c, childrenPathById.get(c.id()), pathById, typeById, problems)) {
        broken.add(c.id());
      }
    }
    return checks.stream().filter(c -> !broken.contains(c.id())).toList();
  }

  private Optional<HealthCheck> check(Mapping item) {
    int before = problems.count();
    item.allowOnly(CHECK_FIELDS, Set.of());
    String id = item.string("Id", true).filter(value -> validId(value, item.path("Id"))).orElse(null);
    Optional<HealthCheck> check = Optional.empty();
    if (item.has("HealthCheckConfig")) {
      Optional<Mapping> config = Mapping.of(item.raw("HealthCheckConfig"), item.path("HealthCheckConfig"), problems);
      if (config.isPresent() && id != null) {
        check = config(id, config.get());
      } else {
        config.ifPresent(c -> config("", c));
      }
    } else {
      problems.add(item.path("HealthCheckConfig"), "required");
    }
    return problems.count() == before ? check : Optional.empty();
  }

  private boolean validId(String id, String path) {
    if (!ID.matcher(id).matches()) {
      problems.add(path, "must be 1-64 letters, digits, '_', '.' or '-', got '" + id + "'");
      return false;
    }
    String earlier = pathById.putIfAbsent(id, path);
    if (earlier != null) {
      problems.add(path, "duplicate Id '" + id + "' (also " + earlier + ")");
      return false;
    }
    return true;
  }

  private Optional<HealthCheck> config(String id, Mapping config) {
    int before = problems.count();
    config.allowOnly(CONFIG_FIELDS, UNSUPPORTED_FIELDS);
    Optional<CheckType> type = config.string("Type", true).flatMap(t -> type(t, config.path("Type")));
    type.ifPresent(t -> typeById.put(id, t));
    if (type.equals(Optional.of(CheckType.CALCULATED))) {
      childrenPathById.put(id, config.path("ChildHealthChecks"));
      return CalculatedCheckReader.read(id, config, CONFIG_FIELDS, before);
    }
    for (String field : List.of("ChildHealthChecks", "HealthThreshold")) {
      if (config.has(field)) {
        problems.add(config.path(field), "only for CALCULATED checks");
      }
    }
    String ip = config.string("IPAddress", false).filter(v -> ipAddress(v, config.path("IPAddress"))).orElse("");
    String fqdn = config.string("FullyQualifiedDomainName", false)
        .filter(v -> domainName(v, config.path("FullyQualifiedDomainName"))).orElse("");
    if (!config.has("IPAddress") && !config.has("FullyQualifiedDomainName")) {
      problems.add(config.path(), "needs IPAddress or FullyQualifiedDomainName");
    }
    int port = (int) config.integer("Port", false, 1, 65_535).orElse(type.map(CheckType::defaultPort).orElse(0));
    String path = resourcePath(config, type);
    String searchString = searchString(config, type);
    int interval = (int) config.atLeast("RequestInterval", 1)
        .orElse(HealthCheck.DEFAULT_REQUEST_INTERVAL_SECONDS);
    int threshold = (int) config.integer("FailureThreshold", false, 1, 10)
        .orElse(HealthCheck.DEFAULT_FAILURE_THRESHOLD);
    boolean measureLatency = config.bool("MeasureLatency").orElse(false);
    boolean inverted = config.bool("Inverted").orElse(false);
    boolean disabled = config.bool("Disabled").orElse(false);
    boolean sni = config.bool("EnableSNI").orElse(type.map(CheckType::tls).orElse(false) && !fqdn.isEmpty());
    List<String> regions = regions(config);
    boolean verify = config.bool("VerifyCertificate").orElse(false);
    if (verify && !type.map(CheckType::tls).orElse(true)) {
      problems.add(config.path("VerifyCertificate"), "only for HTTPS and HTTPS_STR_MATCH checks");
    }
    Quorum quorum = quorum(config);
    int rise = (int) config.integer("HealthyThreshold", false, 1, 10).orElse(threshold);
    int fall = (int) config.integer("UnhealthyThreshold", false, 1, 10).orElse(threshold);
    var coldStart = HealthRulesReader.coldStart(config);
    var damping = HealthRulesReader.damping(config);
    int holdDown = HealthRulesReader.failbackHoldDown(config);
    if (problems.count() != before || type.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new HealthCheck(id, type.get(), ip, fqdn, port, path, searchString, interval, threshold,
        measureLatency, inverted, disabled, sni, regions, verify, quorum.fraction(), rise, fall,
        quorum.regionsAtLeast(), List.of(), 0, coldStart, damping, holdDown));
  }

  /**
   * {@code HealthQuorum: {HealthyFractionAbove: F}}: healthy iff more than F of the agents with fresh
   * results say healthy; 0 <= F < 1; default Route 53's 0.18; 0.5 is a majority. Or, native,
   * {@code HealthQuorum: {HealthyRegionsAtLeast: k}}: healthy iff at least min(k, n) of the n regions with fresh
   * agents are healthy. Exactly one of the two.
   */
  private Quorum quorum(Mapping config) {
    Quorum route53 = new Quorum(HealthCheck.ROUTE53_HEALTHY_FRACTION, 0);
    if (!config.has("HealthQuorum")) {
      return route53;
    }
    Optional<Mapping> quorum = Mapping.of(config.raw("HealthQuorum"), config.path("HealthQuorum"), problems);
    if (quorum.isEmpty()) {
      return route53;
    }
    Mapping q = quorum.get();
    q.allowOnly(QUORUM_FIELDS, Set.of());
    boolean fraction = q.has("HealthyFractionAbove");
    boolean regions = q.has("HealthyRegionsAtLeast");
    if (fraction == regions) {
      problems.add(q.path(), "needs exactly one of HealthyFractionAbove (e.g. 0.5 for a majority, 0.18 as "
          + "Route 53) or HealthyRegionsAtLeast (e.g. 2)");
      return route53;
    }
    if (regions) {
      return new Quorum(HealthCheck.ROUTE53_HEALTHY_FRACTION,
          (int) q.integer("HealthyRegionsAtLeast", true, 1, 64).orElse(0));
    }
    return new Quorum(q.fraction("HealthyFractionAbove").orElse(HealthCheck.ROUTE53_HEALTHY_FRACTION), 0);
  }

  private Optional<CheckType> type(String text, String path) {
    if (TYPES.contains(text)) {
      return Optional.of(CheckType.valueOf(text));
    }
    if (UNSUPPORTED_TYPES.contains(text)) {
      problems.add(path, text + " is not supported yet");
    } else {
      problems.add(path, "must be " + Mapping.oneOf(TYPES) + ", got '" + text + "'");
    }
    return Optional.empty();
  }

  private boolean ipAddress(String text, String path) {
    // dnsjava parses literals only; InetAddress.getByName could start a DNS lookup.
    if (Address.toByteArray(text, Address.IPv4) == null && Address.toByteArray(text, Address.IPv6) == null) {
      problems.add(path, "must be an IPv4 or IPv6 address, got '" + text + "'");
      return false;
    }
    return true;
  }

  private boolean domainName(String text, String path) {
    if (text.isEmpty() || text.length() > MAX_TEXT) {
      problems.add(path, "must be 1-" + MAX_TEXT + " characters, got " + text.length());
      return false;
    }
    try {
      Name.fromString(text, Name.root);
      return true;
    } catch (TextParseException e) {
      problems.add(path, "not a valid domain name: " + e.getMessage());
      return false;
    }
  }

  private String resourcePath(Mapping config, Optional<CheckType> type) {
    boolean tcp = type.isPresent() && !type.get().http();
    Optional<String> given = config.string("ResourcePath", false);
    if (given.isEmpty()) {
      return tcp ? "" : "/";
    }
    String path = given.get();
    if (tcp) {
      problems.add(config.path("ResourcePath"), "not allowed for TCP checks");
    } else if (!path.startsWith("/")) {
      problems.add(config.path("ResourcePath"), "must start with '/', got '" + path + "'");
    } else if (path.length() > MAX_TEXT) {
      problems.add(config.path("ResourcePath"), "must be at most " + MAX_TEXT + " characters, got " + path.length());
    }
    return path;
  }

  private String searchString(Mapping config, Optional<CheckType> type) {
    boolean stringMatch = type.map(CheckType::stringMatch).orElse(false);
    Optional<String> given = config.string("SearchString", stringMatch);
    if (given.isEmpty()) {
      return "";
    }
    String search = given.get();
    if (type.isPresent() && !stringMatch) {
      problems.add(config.path("SearchString"), "only for HTTP_STR_MATCH and HTTPS_STR_MATCH checks");
    } else if (search.isEmpty() || search.length() > MAX_TEXT) {
      problems.add(config.path("SearchString"), "must be 1-" + MAX_TEXT + " characters, got " + search.length());
    }
    return search;
  }

  private List<String> regions(Mapping config) {
    List<JsonNode> items = config.list("Regions", false).orElse(List.of());
    List<String> regions = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String path = config.path("Regions") + "[" + i + "]";
      JsonNode item = items.get(i);
      if (!item.isTextual()) {
        problems.add(path, "must be a string, got " + Mapping.kind(item));
      } else if (!ID.matcher(item.asText()).matches()) {
        problems.add(path, "must be 1-64 letters, digits, '_', '.' or '-', got '" + item.asText() + "'");
      } else if (regions.contains(item.asText())) {
        problems.add(path, "duplicate region '" + item.asText() + "'");
      } else {
        regions.add(item.asText());
      }
    }
    return regions;
  }
}
