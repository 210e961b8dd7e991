package dev.vigil.controller.answers;

import java.util.HashSet;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/** One RRset that dns-nodes answer with: every record has {@code name}, {@code type} and {@code ttl}. */
public record AnswerRRset(Name name, int type, long ttl, List<Record> records) {

  public AnswerRRset {
    records = List.copyOf(records);
  }

  public RRsetKey key() {
    return new RRsetKey(name, type);
  }

  /** Same TTL and the same records, in any order (record equality ignores TTL, hence the explicit check). */
  public boolean sameAnswerAs(AnswerRRset other) {
    return ttl == other.ttl
        && name.equals(other.name)
        && type == other.type
        && new HashSet<>(records).equals(new HashSet<>(other.records));
  }
}
