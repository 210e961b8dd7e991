package dev.vigil.controller.routing;

import dev.vigil.controller.model.AliasTarget;
import dev.vigil.controller.model.RecordSet;
import java.util.Locale;

/**
 * One group of record sets: a name and type in a hosted zone.
 *
 * @param zone absolute, lower case, e.g. "example.test."
 * @param name absolute, lower case
 * @param type mnemonic, e.g. "A"
 */
public record GroupKey(String zone, String name, String type) implements Comparable<GroupKey> {

  public GroupKey {
    zone = absolute(zone);
    name = absolute(name);
  }

  static GroupKey of(String zone, RecordSet recordSet) {
    return new GroupKey(zone, recordSet.name(), recordSet.type());
  }

  static GroupKey target(RecordSet alias) {
    AliasTarget target = alias.aliasTarget().orElseThrow();
    return new GroupKey(target.hostedZoneId(), target.dnsName(), alias.type());
  }

  private static String absolute(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower : lower + ".";
  }

  @Override
  public int compareTo(GroupKey o) {
    int c = zone.compareTo(o.zone);
    c = c != 0 ? c : name.compareTo(o.name);
    return c != 0 ? c : type.compareTo(o.type);
  }

  @Override
  public String toString() {
    return name + " " + type;
  }
}
