package dev.vigil.agent.link;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;

/**
 * Tuning of a controller link.
 *
 * @param bufferCapacity observations kept per link while they cannot be sent; the oldest are dropped beyond it
 * @param batchSize most observations per ObservationBatch
 * @param maxInFlightBatches batches sent but not yet acknowledged before sending pauses
 * @param answerTimeout a new stream that brings no message within this is given up and retried
 * @param ackTimeout a stream whose oldest unacknowledged batch is older than this is given up and retried
 * @param backoff delay before reconnect attempt n (1-based); reset after a successful connection
 */
public record LinkSettings(int bufferCapacity, int batchSize, int maxInFlightBatches, Duration answerTimeout,
    Duration ackTimeout, IntervalFunction backoff) {

  public static final int DEFAULT_BUFFER = 10_000;

  public static LinkSettings defaults(int bufferCapacity) {
    return new LinkSettings(bufferCapacity, 500, 8, Duration.ofSeconds(10), Duration.ofSeconds(15),
        IntervalFunction.ofExponentialRandomBackoff(Duration.ofMillis(200), 2.0, 0.5, Duration.ofSeconds(5)));
  }
}
