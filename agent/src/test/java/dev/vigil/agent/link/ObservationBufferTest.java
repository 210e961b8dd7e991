package dev.vigil.agent.link;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.agent.probe.Observation;
import dev.vigil.agent.probe.ProbeResult;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ObservationBufferTest {

  private static Observation obs(int i) {
    return new Observation("c", i, ProbeResult.healthy("", "", 0, null, 0));
  }

  private static List<Long> times(List<Observation> list) {
    return list.stream().map(Observation::observedAtMillis).toList();
  }

  @Test
  void dropsOldestBeyondCapacityAndCountsThem() {
    ObservationBuffer buffer = new ObservationBuffer(3);
    IntStream.rangeClosed(1, 5).forEach(i -> buffer.offer(obs(i)));
    assertEquals(2, buffer.dropped());
    assertEquals(List.of(3L, 4L, 5L), times(buffer.take(10)));
  }

  @Test
  void takesOldestFirstInBatches() {
    ObservationBuffer buffer = new ObservationBuffer(10);
    IntStream.rangeClosed(1, 5).forEach(i -> buffer.offer(obs(i)));
    assertEquals(List.of(1L, 2L), times(buffer.take(2)));
    assertEquals(List.of(3L, 4L, 5L), times(buffer.take(2000)));
    assertEquals(0, buffer.size());
  }

  @Test
  void requeuedUnacknowledgedGoBackInFrontInOrderAndStillRespectCapacity() {
    ObservationBuffer buffer = new ObservationBuffer(4);
    IntStream.rangeClosed(1, 3).forEach(i -> buffer.offer(obs(i)));
    List<Observation> sent = buffer.take(3);
    IntStream.rangeClosed(4, 6).forEach(i -> buffer.offer(obs(i)));
    buffer.requeueFront(sent);
    assertEquals(2, buffer.dropped());
    assertEquals(List.of(3L, 4L, 5L, 6L), times(buffer.take(10)));
  }
}
