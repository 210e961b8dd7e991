package dev.vigil.controller.routing;

import java.util.Comparator;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * One distinct answer: records and their TTL. Records are sorted (canonical order) so that equal answers are equal.
 *
 * @param records owned by the record set they came from; {@link #named} renames them for an alias
 */
public record Content(long ttl, List<Record> records) {

  public Content {
    records = records.stream().distinct().sorted(Comparator.naturalOrder()).toList();
  }

  public Content named(Name owner) {
    return new Content(ttl, records.stream().map(r -> r.withName(owner)).map(r -> withTtl(r, ttl)).toList());
  }

  private static Record withTtl(Record record, long ttl) {
    return Record.newRecord(record.getName(), record.getType(), record.getDClass(), ttl, record.rdataToWireCanonical());
  }
}
