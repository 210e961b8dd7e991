package dev.vigil.controller.answers;

import dev.vigil.controller.model.CheckHealth;
import dev.vigil.controller.model.DesiredState;
import dev.vigil.controller.model.HostedZone;
import dev.vigil.controller.model.RecordSet;
import dev.vigil.controller.routing.ClientTable;
import dev.vigil.controller.routing.Content;
import dev.vigil.controller.routing.GroupKey;
import dev.vigil.controller.routing.Outcome;
import dev.vigil.controller.routing.Resolved;
import dev.vigil.controller.routing.Router;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** Turns the desired state and the decided health into what every dns-node answers. Pure. */
public final class AnswerCompiler {

  static final long GENERATED_SOA_TTL = 900;
  static final long GENERATED_NS_TTL = 172_800;

  private AnswerCompiler() {}

  /**
   * Every group of record sets (one name and type) is routed by its policy ({@link Router}): simple record sets are
   * answered as they are; a failover group answers with its primary while that is healthy, else with its secondary
   * if that is healthy, else with the primary; weighted, latency, geolocation, IP-based and multivalue groups become
   * selective RRsets that a dns-node evaluates per query, unless every client gets the same one answer. A record set
   * without HealthCheckId, or whose check is missing from {@code health}, counts as healthy. The apex SOA and NS are
   * generated unless the zone gives them.
   *
   * @param desired a state that passed {@link dev.vigil.controller.config.ConfigLoader} validation
   * @throws IllegalArgumentException if {@code desired} holds something validation would have refused
   */
  public static AnswerSet compile(DesiredState desired, Map<String, CheckHealth> health) {
    return compile(desired, health, AnswerSet.EMPTY);
  }

  /** @param previous the answers so far, which groups with AllUnhealthy serve-last-healthy keep while all are down */
  public static AnswerSet compile(DesiredState desired, Map<String, CheckHealth> health, AnswerSet previous) {
    Router router = new Router(desired, health);
    Map<String, List<GroupKey>> byZone = new LinkedHashMap<>();
    router.groups().forEach(key -> byZone.computeIfAbsent(key.zone(), z -> new ArrayList<>()).add(key));
    Map<Name, ZoneAnswers> zones = new HashMap<>();
    Map<String, ClientTable> maps = new TreeMap<>();
    for (HostedZone zone : desired.hostedZones()) {
      Name origin = name(zone.name(), Name.root);
      ZoneAnswers old = previous.zones().get(origin);
      ZoneAnswers compiled = compileZone(origin, byZone.getOrDefault(origin.toString(), List.of()), router, old);
      compiled.selective().values().stream().map(SelectiveRRset::clientMap).filter(m -> !m.isEmpty())
          .forEach(m -> maps.computeIfAbsent(m, n -> router.tables().table(n).orElseThrow()));
      if (zones.put(origin, compiled) != null) {
        throw new IllegalArgumentException("zone " + origin + " given twice");
      }
    }
    return new AnswerSet(zones, maps);
  }

  private static ZoneAnswers compileZone(Name origin, List<GroupKey> groups, Router router, ZoneAnswers previous) {
    Map<RRsetKey, AnswerRRset> rrsets = new HashMap<>();
    Map<RRsetKey, SelectiveRRset> selective = new HashMap<>();
    for (GroupKey group : groups) {
      RRsetKey key = new RRsetKey(name(group.name(), origin), type(group.type()));
      if (previous != null && router.keepsPrevious(group)
          && (previous.rrsets().containsKey(key) || previous.selective().containsKey(key))) {
        if (previous.rrsets().containsKey(key)) {
          rrsets.put(key, previous.rrsets().get(key));
        } else {
          selective.put(key, previous.selective().get(key));
        }
        continue;
      }
      RecordSet direct = router.directAnswer(group);
      if (direct != null) { // the common case, kept as cheap as before routing policies: no per-client answers
        rrsets.put(key, rrset(key, direct.ttl(), direct.values(), origin));
      } else {
        emit(key, router.resolve(group), rrsets, selective);
      }
    }
    RRsetKey soa = new RRsetKey(origin, Type.SOA);
    if (!rrsets.containsKey(soa) && !selective.containsKey(soa)) {
      String value = "ns1." + origin + " hostmaster." + origin + " 1 7200 900 1209600 86400";
      rrsets.put(soa, rrset(soa, GENERATED_SOA_TTL, List.of(value), origin));
    }
    RRsetKey ns = new RRsetKey(origin, Type.NS);
    if (!rrsets.containsKey(ns) && !selective.containsKey(ns)) {
      rrsets.put(ns, rrset(ns, GENERATED_NS_TTL, List.of("ns1." + origin), origin));
    }
    return new ZoneAnswers(origin, rrsets, selective);
  }

  /** A static RRset when every client gets one and the same answer, else a selective RRset. */
  static void emit(RRsetKey key, Resolved resolved, Map<RRsetKey, AnswerRRset> rrsets,
      Map<RRsetKey, SelectiveRRset> selective) {
    Map<Integer, List<Outcome>> distinct = new TreeMap<>();
    resolved.byLabel().forEach((label, outcomes) -> {
      if (!resolved.clientMap().isEmpty() && !sameChoice(outcomes, resolved.fallback())) {
        distinct.put(label, outcomes);
      }
    });
    if (distinct.isEmpty() && resolved.fallback().size() == 1) {
      Content only = resolved.fallback().getFirst().content().named(key.name());
      rrsets.put(key, new AnswerRRset(key.name(), key.type(), only.ttl(), only.records()));
      return;
    }
    List<Content> variants = new ArrayList<>();
    List<SelectiveRRset.Option> fallback = options(resolved.fallback(), key.name(), variants);
    Map<Integer, List<SelectiveRRset.Option>> byLabel = new TreeMap<>();
    distinct.forEach((label, outcomes) -> byLabel.put(label, options(outcomes, key.name(), variants)));
    String map = distinct.isEmpty() ? "" : resolved.clientMap();
    selective.put(key, new SelectiveRRset(key.name(), key.type(), variants, map, byLabel, fallback));
  }

  private static boolean sameChoice(List<Outcome> a, List<Outcome> b) {
    return new java.util.HashSet<>(a).equals(new java.util.HashSet<>(b));
  }

  private static List<SelectiveRRset.Option> options(List<Outcome> outcomes, Name owner, List<Content> variants) {
    List<SelectiveRRset.Option> options = new ArrayList<>();
    for (Outcome outcome : outcomes) {
      Content content = outcome.content().named(owner);
      int index = variants.indexOf(content);
      if (index < 0) {
        index = variants.size();
        variants.add(content);
      }
      options.add(new SelectiveRRset.Option(index, outcome.weight()));
    }
    return options;
  }

  private static AnswerRRset rrset(RRsetKey key, long ttl, List<String> values, Name origin) {
    List<Record> records = new ArrayList<>(values.size());
    for (String value : values) {
      try {
        records.add(Record.fromString(key.name(), key.type(), DClass.IN, ttl, value, origin));
      } catch (IOException e) {
        throw new IllegalArgumentException(key + ": bad value '" + value + "': " + e.getMessage(), e);
      }
    }
    return new AnswerRRset(key.name(), key.type(), ttl, records);
  }

  private static Name name(String text, Name origin) {
    try {
      return Name.fromString(text, origin);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("bad name '" + text + "': " + e.getMessage(), e);
    }
  }

  private static int type(String mnemonic) {
    int type = Type.value(mnemonic);
    if (type < 0) {
      throw new IllegalArgumentException("unknown type '" + mnemonic + "'");
    }
    return type;
  }
}
