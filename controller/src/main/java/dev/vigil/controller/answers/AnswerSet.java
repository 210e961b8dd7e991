package dev.vigil.controller.answers;

import java.util.Map;
import org.xbill.DNS.Name;

/** What every dns-node answers: each zone, by origin. */
public record AnswerSet(Map<Name, ZoneAnswers> zones) {

  public static final AnswerSet EMPTY = new AnswerSet(Map.of());

  public AnswerSet {
    zones = Map.copyOf(zones);
  }
}
