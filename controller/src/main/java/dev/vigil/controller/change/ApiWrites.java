package dev.vigil.controller.change;

import dev.vigil.controller.cluster.ApiDeltas;
import dev.vigil.controller.cluster.CommandSink;
import dev.vigil.controller.cluster.ControllerState;
import dev.vigil.controller.cluster.StateCodec;
import dev.vigil.controller.model.ApiMetadata;
import dev.vigil.controller.model.DesiredState;
import dev.vigil.proto.cluster.v1.ApiChange;
import dev.vigil.proto.cluster.v1.ApplyConfig;
import dev.vigil.proto.cluster.v1.Command;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every admin-API write: a linearizable read, the edit (a pure function of the state), then ONE {@code
 * ApiChange} log entry with the whole new desired state and {@code expected_config_index}. When another change
 * commits in between, the edit is computed again on the new state (its checks run again, so e.g. a CREATE
 * that now exists is refused). Ids (zone, check, change) are generated here, before the entry, so every member
 * applies the same.
 */
public final class ApiWrites {

  private static final Logger log = LoggerFactory.getLogger(ApiWrites.class);
  /** Commit failures (no leader, timeouts) tolerated per request; Ratis already retries inside each. */
  static final int FAILURES = 5;
  /** Times a request is recomputed because another change committed first (cheap; bounded for safety). */
  static final int CONFLICTS = 50;
  static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(15);

  /** One request's change, computed from the current state. */
  @FunctionalInterface
  public interface Edit<T> {
    /** @param changeId the ChangeInfo.Id this change will have */
    Result<T> apply(ControllerState current, String changeId) throws ApiException;
  }

  /**
   * @param next the new desired state (written with a change record even when equal); null: nothing to write
   * @param comment ChangeInfo.Comment
   */
  public record Result<T>(DesiredState next, String comment, T value) {}

  /** @param change the committed change record, empty when nothing was written */
  public record Written<T>(T value, Optional<ApiMetadata.Change> change, ControllerState state) {}

  private final ConfigChanges reads;
  private final CommandSink sink;
  private final Clock clock;
  private final RandomGenerator random;
  private final MeterRegistry registry;

  /** @param registry gets {@code vigil_controller_api_changes_total{outcome}} and {@code ..._api_retries_total{reason}} */
  public ApiWrites(ConfigChanges reads, CommandSink sink, Clock clock, MeterRegistry registry) {
    this(reads, sink, clock, new SecureRandom(), registry);
  }

  ApiWrites(ConfigChanges reads, CommandSink sink, Clock clock, RandomGenerator random, MeterRegistry registry) {
    this.reads = reads;
    this.sink = sink;
    this.clock = clock;
    this.random = random;
    this.registry = registry;
  }

  private void count(String name, String tag, String value) {
    registry.counter("vigil_controller_api_" + name, tag, value).increment();
  }

  /** "Z" + 20 base-32 characters, like Route 53's hosted-zone ids. */
  public String newZoneId() {
    return "Z" + ApiMetadata.base32(bytes(13), 20);
  }

  /** A random UUID (Route 53's health-check id format). */
  public String newCheckId() {
    long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
    long low = (random.nextLong() & ~(0xC000_0000_0000_0000L)) | 0x8000_0000_0000_0000L; // IETF variant
    return new java.util.UUID(high, low).toString();
  }

  private String newChangeId() {
    return "C" + ApiMetadata.base32(bytes(13), 20);
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  public <T> Written<T> write(String source, Edit<T> edit)
      throws ApiException, ConfigChanges.Unavailable, InterruptedException {
    String changeId = newChangeId();
    Result<T> submitted = null;
    int failures = 0;
    int conflicts = 0;
    while (true) {
      ControllerState current = reads.currentLinearizable();
      Optional<ApiMetadata.Change> done = current.desired().api().change(changeId);
      if (done.isPresent() && submitted != null) { // an earlier attempt committed; its reply was lost
        count("changes_total", "outcome", "committed");
        return new Written<>(submitted.value(), done, current);
      }
      Result<T> result;
      try {
        result = edit.apply(current, changeId);
      } catch (ApiException e) {
        count("changes_total", "outcome", "refused");
        throw e;
      }
      if (result.next() == null) {
        count("changes_total", "outcome", "unchanged");
        return new Written<>(result.value(), Optional.empty(), current);
      }
      ApiChange.Builder entry = ApiChange.newBuilder()
          .setApply(ApplyConfig.newBuilder().setSource(source).setExpectedConfigIndex(current.configIndex()))
          .setChangeId(changeId)
          .setSubmittedAtUnixMs(clock.millis())
          .setComment(result.comment() == null ? "" : result.comment());
      // Normally only what changed goes into the log; the whole state when the delta cannot express it exactly.
      ApiDeltas.between(current.desired(), result.next()).ifPresentOrElse(entry::setDelta,
          () -> entry.getApplyBuilder().setDesired(StateCodec.toProto(result.next())));
      Command command = Command.newBuilder().setApiChange(entry).build();
      submitted = result;
      try {
        long index = sink.submit(command).get(COMMIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).index();
        ControllerState after = reads.awaitApplied(index);
        Optional<ApiMetadata.Change> change = after.desired().api().change(changeId);
        if (change.isEmpty()) { // rejected by the state machine: someone else's change came first
          throw new IllegalStateException(ControllerState.CONFIG_CONFLICT + "(entry " + index + " was rejected)");
        }
        log.info("event=api.change source=\"{}\" change={} index={}", source, changeId, index);
        count("changes_total", "outcome", "committed");
        return new Written<>(result.value(), change, after);
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        boolean conflict = ConfigChanges.isConflict(e);
        count("retries_total", "reason", conflict ? "conflict" : "unavailable");
        if (conflict ? ++conflicts >= CONFLICTS : ++failures >= FAILURES) {
          throw new ConfigChanges.Unavailable("change not committed after " + (conflicts + failures)
              + " attempts (" + ConfigChanges.reason(e) + ")", e);
        }
        log.debug("event=api.retry source=\"{}\" conflict={} error=\"{}\"", source, conflict,
            ConfigChanges.reason(e));
      }
    }
  }
}
