package dev.vigil.controller.config;

import dev.vigil.controller.config.RecordSetReader.Entry;
import dev.vigil.controller.model.Failover;
import dev.vigil.controller.model.RecordSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * {@code ZoneFile: PATH} of a hosted zone: an RFC 1035 master file (parsed with dnsjava) whose records become
 * simple record sets of that zone, one per owner name and type, next to its {@code ResourceRecordSets}. A
 * relative path is relative to the configuration file's folder. Problems are reported at the field's path.
 */
final class ZoneFileReader {

  private final Problems problems;
  private final Path baseDir;

  ZoneFileReader(Problems problems, Path baseDir) {
    this.problems = problems;
    this.baseDir = baseDir;
  }

  /** The record sets of {@code text} (a path), or none after reporting why at {@code path}. */
  List<Entry> read(String text, String path, Name origin) {
    if (text.isBlank()) {
      problems.add(path, "must not be empty");
      return List.of();
    }
    Path file = baseDir.resolve(text);
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      problems.add(path, "cannot read zone file " + file + ": no such readable file");
      return List.of();
    }
    Map<String, List<Record>> byKey = new LinkedHashMap<>();
    try (Master master = new Master(file.toString(), origin)) {
      for (Record r; (r = master.nextRecord()) != null; ) {
        if (r.getDClass() != DClass.IN) {
          problems.add(path, file + ": " + r.getName() + " " + Type.string(r.getType()) + ": only class IN is served");
        } else if (!r.getName().subdomain(origin)) {
          problems.add(path, file + ": " + r.getName() + " is outside zone " + origin);
        } else {
          byKey.computeIfAbsent(r.getName() + " " + Type.string(r.getType()), k -> new ArrayList<>()).add(r);
        }
      }
    } catch (IOException | RuntimeException e) {
      problems.add(path, "zone file " + file + ": " + e.getMessage());
      return List.of();
    }
    List<Entry> entries = new ArrayList<>(byKey.size());
    byKey.forEach((key, records) -> entries.add(entry(path, records)));
    return entries;
  }

  /** RFC 2181 5.2: one TTL per RRset; where the file disagrees, the smallest is served. */
  private static Entry entry(String path, List<Record> records) {
    Record first = records.getFirst();
    long ttl = records.stream().mapToLong(Record::getTTL).min().orElse(first.getTTL());
    List<String> values = records.stream().map(Record::rdataToString).distinct().toList();
    RecordSet set = new RecordSet(first.getName().toString(), Type.string(first.getType()), ttl, "", Failover.NONE,
        "", values);
    return new Entry(path, first.getName(),
        first.getType(), set);
  }
}
