package dev.vigil.controller.change;

import dev.vigil.controller.cluster.CommandSink;
import dev.vigil.controller.cluster.ControllerState;
import dev.vigil.controller.cluster.GroupView;
import dev.vigil.controller.cluster.ReplicatedState;
import dev.vigil.controller.cluster.StateCodec;
import dev.vigil.controller.model.DesiredState;
import dev.vigil.proto.cluster.v1.ApplyConfig;
import dev.vigil.proto.cluster.v1.Command;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a config becomes the replicated desired state, for {@code --config} at start and for the
 * admin API alike: a linearizable read of the current state, the difference, then ONE {@code ApplyConfig}
 * log entry (all or nothing) unless nothing differs. The Ratis client sends the entry to the leader from
 * any member.
 */
public final class ConfigChanges {

  private static final Logger log = LoggerFactory.getLogger(ConfigChanges.class);
  static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
  static final Duration READ_ATTEMPT = Duration.ofSeconds(3);
  static final Duration RETRY_PAUSE = Duration.ofMillis(50);
  static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(15);

  /**
   * @param committed whether a log entry was written (false: nothing differed, or a dry run)
   * @param configIndex the log index of the config now in force (the new one when committed)
   * @param state this member's state after the change (answers version included)
   */
  public record Outcome(ConfigDiff diff, boolean committed, long configIndex, ControllerState state) {}

  /** The change could not be committed (no leader, no quorum, timeout). */
  public static class Unavailable extends Exception {
    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Another change committed between this request's read and its commit; nothing was applied. */
  public static final class Conflict extends Unavailable {
    public Conflict(String message) {
      super(message, null);
    }
  }

  static boolean isConflict(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains(ControllerState.CONFIG_CONFLICT)) {
        return true;
      }
    }
    return false;
  }

  private final ReplicatedState state;
  private final GroupView group;
  private final CommandSink sink;

  public ConfigChanges(ReplicatedState state, GroupView group, CommandSink sink) {
    this.state = state;
    this.group = group;
    this.sink = sink;
  }

  /** The state as of now (linearizable): every change acknowledged before this call is in it. */
  public ControllerState currentLinearizable() throws Unavailable, InterruptedException {
    long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
    while (true) {
      try {
        group.readBarrier().get(READ_ATTEMPT.toMillis(), TimeUnit.MILLISECONDS);
        return state.current();
      } catch (ExecutionException | TimeoutException e) {
        // Typically a leader change: retry until a new leader confirms the read index.
        log.debug("event=config.read_barrier_retry error=\"{}\"", reason(e));
        if (System.nanoTime() > deadline) {
          throw new Unavailable("cannot confirm the latest state with the leader (" + reason(e) + ")", e);
        }
        Thread.sleep(RETRY_PAUSE.toMillis());
      }
    }
  }

  /**
   * Applies {@code desired} unless it equals the current desired state.
   *
   * @param source where it came from, kept in the log entry, e.g. "--config zones.yaml" or "admin API"
   * @param dryRun compute the difference only
   */
  public Outcome apply(DesiredState config, String source, boolean dryRun) throws Unavailable, InterruptedException {
    ControllerState current = currentLinearizable();
    DesiredState desired = MetadataCarry.carry(current.desired(), config);
    ConfigDiff diff = ConfigDiff.between(current.desired(), desired);
    if (current.desired().equals(desired) || dryRun) {
      log.info("event=config.{} source=\"{}\" index={}", dryRun ? "dry_run" : "unchanged", source, current.configIndex());
      return new Outcome(diff, false, current.configIndex(), current);
    }
    // The entry names the config it replaces: a late retry (or a concurrent apply) that would replace a
    // newer config is rejected by the state machine instead of rolling it back.
    Command command = Command.newBuilder()
        .setApplyConfig(ApplyConfig.newBuilder().setDesired(StateCodec.toProto(desired)).setSource(source)
            .setExpectedConfigIndex(current.configIndex()))
        .build();
    // Retried only when the commit did not happen (Ratis retries to the leader itself; this covers elections).
    Retry retry = Retry.of("apply-config", RetryConfig.custom()
        .maxAttempts(10)
        .waitDuration(Duration.ofMillis(300))
        .retryOnException(e -> !(e instanceof InterruptedException) && !isConflict(e))
        .build());
    long index;
    try {
      index = Retry.decorateCallable(retry,
          () -> sink.submit(command).get(COMMIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).index()).call();
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      if (isConflict(e)) {
        ControllerState now = currentLinearizable();
        if (now.desired().equals(desired)) { // an earlier attempt of ours committed; its reply was lost
          return new Outcome(diff, true, now.configIndex(), now);
        }
        log.warn("event=config.conflict source=\"{}\" read_at={} now={}", source, current.configIndex(), now.configIndex());
        throw new Conflict("the config changed since this request read it (config index " + current.configIndex()
            + ", now " + now.configIndex() + "); nothing was applied: read the state and apply again");
      }
      log.warn("event=config.not_committed source=\"{}\" error=\"{}\"", source, reason(e));
      throw new Unavailable("config not committed (" + reason(e) + ")", e);
    }
    ControllerState after = awaitApplied(index);
    log.info("event=config.applied source=\"{}\" checks={} zones={} index={} added={} removed={} changed={}",
        source, desired.healthChecks().size(), desired.hostedZones().size(), index,
        diff.added().size(), diff.removed().size(), diff.changed().size());
    return new Outcome(diff, true, index, after);
  }

  /** The leader acknowledged; this member (maybe a follower) applies it a moment later. */
  ControllerState awaitApplied(long index) throws InterruptedException, Unavailable {
    ControllerState now = state.current();
    if (now.appliedIndex() >= index) {
      return now;
    }
    currentLinearizable();
    return state.current();
  }

  static String reason(Throwable e) {
    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    String message = cause.getMessage();
    return message == null ? cause.getClass().getSimpleName() : message.lines().findFirst().orElse("");
  }
}
