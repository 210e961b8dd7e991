package dev.vigil.controller.answers;

import dev.vigil.controller.model.CheckHealth;
import dev.vigil.controller.model.DesiredState;
import dev.vigil.controller.model.HostedZone;
import dev.vigil.controller.model.RecordSet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
   * Simple record sets are answered as they are. A failover group answers with its primary while that is
   * healthy, else with its secondary if that is healthy, else (both unhealthy) with the primary; a group with
   * only one side answers with it. A record set without HealthCheckId, or whose check is missing from
   * {@code health}, counts as healthy. The apex SOA and NS are generated unless the zone gives them.
   *
   * @param desired a state that passed {@link dev.vigil.controller.config.ConfigLoader} validation
   * @throws IllegalArgumentException if {@code desired} holds something validation would have refused
   */
  public static AnswerSet compile(DesiredState desired, Map<String, CheckHealth> health) {
    Map<Name, ZoneAnswers> zones = new HashMap<>();
    for (HostedZone zone : desired.hostedZones()) {
      Name origin = name(zone.name(), Name.root);
      if (zones.put(origin, compileZone(origin, zone, health)) != null) {
        throw new IllegalArgumentException("zone " + origin + " given twice");
      }
    }
    return new AnswerSet(zones);
  }

  private static ZoneAnswers compileZone(Name origin, HostedZone zone, Map<String, CheckHealth> health) {
    Map<RRsetKey, List<RecordSet>> groups = new LinkedHashMap<>();
    for (RecordSet recordSet : zone.recordSets()) {
      RRsetKey key = new RRsetKey(name(recordSet.name(), origin), type(recordSet.type()));
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(recordSet);
    }
    Map<RRsetKey, AnswerRRset> rrsets = new HashMap<>();
    groups.forEach((key, group) -> rrsets.put(key, rrset(key, choose(key, group, health), origin)));
    RRsetKey soa = new RRsetKey(origin, Type.SOA);
    if (!rrsets.containsKey(soa)) {
      String value = "ns1." + origin + " hostmaster." + origin + " 1 7200 900 1209600 86400";
      rrsets.put(soa, rrset(soa, GENERATED_SOA_TTL, List.of(value), origin));
    }
    RRsetKey ns = new RRsetKey(origin, Type.NS);
    if (!rrsets.containsKey(ns)) {
      rrsets.put(ns, rrset(ns, GENERATED_NS_TTL, List.of("ns1." + origin), origin));
    }
    return new ZoneAnswers(origin, rrsets);
  }

  /** The record set a group answers with. */
  static RecordSet choose(RRsetKey key, List<RecordSet> group, Map<String, CheckHealth> health) {
    RecordSet simple = null;
    RecordSet primary = null;
    RecordSet secondary = null;
    for (RecordSet recordSet : group) {
      switch (recordSet.failover()) {
        case NONE -> simple = onlyOne(simple, recordSet, key, "simple");
        case PRIMARY -> primary = onlyOne(primary, recordSet, key, "PRIMARY");
        case SECONDARY -> secondary = onlyOne(secondary, recordSet, key, "SECONDARY");
      }
    }
    if (simple != null) {
      if (primary != null || secondary != null) {
        throw new IllegalArgumentException("simple and failover record sets share " + key);
      }
      return simple;
    }
    if (primary == null) {
      return secondary;
    }
    if (secondary == null || healthy(primary, health) || !healthy(secondary, health)) {
      return primary;
    }
    return secondary;
  }

  private static RecordSet onlyOne(RecordSet existing, RecordSet next, RRsetKey key, String kind) {
    if (existing != null) {
      throw new IllegalArgumentException("two " + kind + " record sets for " + key);
    }
    return next;
  }

  private static boolean healthy(RecordSet recordSet, Map<String, CheckHealth> health) {
    if (!recordSet.hasHealthCheck()) {
      return true;
    }
    CheckHealth decided = health.get(recordSet.healthCheckId());
    return decided == null || decided.healthy();
  }

  private static AnswerRRset rrset(RRsetKey key, RecordSet recordSet, Name origin) {
    return rrset(key, recordSet.ttl(), recordSet.values(), origin);
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
