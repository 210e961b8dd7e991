package dev.vigil.controller.answers;

import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/** Identifies one RRset within a zone: owner name and type (class is always IN). */
public record RRsetKey(Name name, int type) implements Comparable<RRsetKey> {

  @Override
  public int compareTo(RRsetKey other) {
    int byName = name.compareTo(other.name);
    return byName != 0 ? byName : Integer.compare(type, other.type);
  }

  @Override
  public String toString() {
    return name + " " + Type.string(type);
  }
}
