package dev.vigil.controller.answers;

import java.util.Map;
import org.xbill.DNS.Name;

/** Every RRset of one zone, by key. */
public record ZoneAnswers(Name origin, Map<RRsetKey, AnswerRRset> rrsets) {

  public ZoneAnswers {
    rrsets = Map.copyOf(rrsets);
  }
}
