package dev.vigil.controller.answers;

import dev.vigil.controller.routing.ClientTable;
import java.util.Map;
import org.xbill.DNS.Name;

/**
 * What every dns-node answers: each zone, by origin, and the client maps its selective RRsets look clients up in.
 */
public record AnswerSet(Map<Name, ZoneAnswers> zones, Map<String, ClientTable> clientMaps) {

  public static final AnswerSet EMPTY = new AnswerSet(Map.of());

  public AnswerSet {
    zones = Map.copyOf(zones);
    clientMaps = Map.copyOf(clientMaps);
  }

  public AnswerSet(Map<Name, ZoneAnswers> zones) {
    this(zones, Map.of());
  }
}
