package dev.vigil.controller.publish;

import dev.vigil.controller.cluster.AnswerVersion;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The version each dns-node last said it serves (vigil.feed.v1.AnswerFeed/Acknowledge), as seen by this
 * controller. A node is INSYNC when it serves this controller's current answers version, PENDING otherwise.
 * Local to each controller (not replicated): every node acknowledges to every controller it is subscribed to.
 */
public final class NodeAcks {

  /** One node's last acknowledgement: the version it serves and when this controller heard it. */
  public record NodeAck(String nodeId, AnswerVersion applied, Instant appliedAt, Instant receivedAt) {
    public String status(AnswerVersion current) {
      return applied.index() >= current.index() && current.index() != 0 ? "INSYNC" : "PENDING";
    }
  }

  private final Map<String, NodeAck> acks = new ConcurrentHashMap<>();

  /** Records an ack; an older version than the one recorded (an out-of-order reply) is ignored. */
  public void record(NodeAck ack) {
    acks.merge(ack.nodeId(), ack, (old, now) -> now.applied().index() >= old.applied().index() ? now : old);
  }

  /** Every node heard from, by id. */
  public List<NodeAck> all() {
    return acks.values().stream().sorted(Comparator.comparing(NodeAck::nodeId)).toList();
  }
}
