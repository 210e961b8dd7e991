package dev.vigil.controller.answers;

import java.util.Map;
import org.xbill.DNS.Name;

/**
 * Every RRset of one zone, by key: static ones and ones whose answer depends on the query. A key is in at most one
 * of the two maps.
 */
public record ZoneAnswers(Name origin, Map<RRsetKey, AnswerRRset> rrsets, Map<RRsetKey, SelectiveRRset> selective) {

  public ZoneAnswers {
    rrsets = Map.copyOf(rrsets);
    selective = Map.copyOf(selective);
  }

  public ZoneAnswers(Name origin, Map<RRsetKey, AnswerRRset> rrsets) {
    this(origin, rrsets, Map.of());
  }
}
