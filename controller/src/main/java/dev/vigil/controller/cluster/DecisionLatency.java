package dev.vigil.controller.cluster;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the time goes between a health decision and the dns-nodes serving it, as this member sees it: decided
 * (the transition's own timestamp, leader clock) → applied here (commit + apply) → sent on a node's feed stream →
 * applied by the node (its acknowledgement's timestamp). Local observation only: nothing here is replicated and
 * nothing decides on it. Every member on one machine shares one clock; across machines the stages that compare
 * two clocks include their offset.
 */
public final class DecisionLatency {

  private static final Logger log = LoggerFactory.getLogger(DecisionLatency.class);
  private static final int KEEP = 256;

  /**
   * A health-driven answers version: when it was decided, when this member applied it, and when the feed began
   * sending it (after the state listeners before the feed's; -1 until then).
   */
  private static final class Stamps {
    final long decidedAtMs;
    final long appliedAtMs;
    volatile long feedAtMs = -1;

    Stamps(long decidedAtMs, long appliedAtMs) {
      this.decidedAtMs = decidedAtMs;
      this.appliedAtMs = appliedAtMs;
    }
  }

  private final Clock clock;
  private final Map<Long, Stamps> byIndex = new LinkedHashMap<>(KEEP * 2, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, Stamps> eldest) {
      return size() > KEEP;
    }
  };
  /** node → {index, sent at ms} of the last health-driven version sent to it. */
  private final Map<String, long[]> sent = new ConcurrentHashMap<>();
  /** node → the last index reported served, so that repeated acks count once. */
  private final Map<String, Long> served = new ConcurrentHashMap<>();
  private final Timer applied;
  private final Timer toSend;
  private final Timer toNode;

  public DecisionLatency(Clock clock, MeterRegistry registry) {
    this.clock = clock;
    this.applied = timer(registry, "vigil.controller.decision.applied",
        "Health decision to this member applying it (Raft commit + apply)");
    this.toSend = timer(registry, "vigil.controller.decision.sent",
        "Health decision to its answers being sent on a dns-node's feed stream by this member");
    this.toNode = timer(registry, "vigil.controller.decision.served",
        "Health decision to a dns-node applying it (the node's acknowledgement)");
  }

  /** For tests and tools: measures nothing. */
  public static DecisionLatency none() {
    return new DecisionLatency(Clock.systemUTC(), new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
  }

  private static Timer timer(MeterRegistry registry, String name, String description) {
    return Timer.builder(name).description(description)
        .publishPercentiles(0.5, 0.99)
        .distributionStatisticExpiry(Duration.ofMinutes(10))
        .distributionStatisticBufferLength(2)
        .register(registry);
  }

  /** A health transition entry that changed the answers was applied at {@code index}. */
  public void applied(long index, long decidedAtMs) {
    long now = clock.millis();
    synchronized (byIndex) {
      byIndex.put(index, new Stamps(decidedAtMs, now));
    }
    applied.record(Duration.ofMillis(Math.max(0, now - decidedAtMs)));
  }

  /** The feed begins sending the answers at {@code index} (the applying thread reached its listener). */
  public void feedStarted(long index) {
    Stamps s = stamps(index);
    if (s != null && s.feedAtMs < 0) {
      s.feedAtMs = clock.millis();
    }
  }

  /** Answers at {@code index} went out on {@code node}'s stream. */
  public void sent(String node, long index) {
    Stamps s = stamps(index);
    if (s == null) {
      return;
    }
    long now = clock.millis();
    sent.put(node, new long[] {index, now});
    toSend.record(Duration.ofMillis(Math.max(0, now - s.decidedAtMs)));
  }

  /** {@code node} acknowledged serving {@code index} since {@code nodeAppliedAtMs} (its clock). */
  public void served(String node, long index, long nodeAppliedAtMs) {
    Stamps s = stamps(index);
    if (s == null || nodeAppliedAtMs <= 0) {
      return;
    }
    Long before = served.put(node, index);
    if (before != null && before == index) {
      return;
    }
    long[] sentHere = sent.get(node);
    long sentAt = sentHere != null && sentHere[0] == index ? sentHere[1] : -1;
    long total = nodeAppliedAtMs - s.decidedAtMs;
    toNode.record(Duration.ofMillis(Math.max(0, total)));
    log.info("event=decision.served node={} index={} decided_to_applied_ms={} applied_to_sent_ms={} "
            + "sent_to_node_applied_ms={} total_ms={} applied_to_feed_ms={}", node, index, s.appliedAtMs - s.decidedAtMs,
        sentAt < 0 ? -1 : sentAt - s.appliedAtMs, sentAt < 0 ? -1 : nodeAppliedAtMs - sentAt, total,
        s.feedAtMs < 0 ? -1 : s.feedAtMs - s.appliedAtMs);
  }

  private Stamps stamps(long index) {
    synchronized (byIndex) {
      return byIndex.get(index);
    }
  }
}
