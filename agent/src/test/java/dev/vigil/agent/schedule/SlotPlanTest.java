package dev.vigil.agent.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SlotPlanTest {

  @Test
  void offsetIsStableForTheSameAgentAndCheck() {
    long a = SlotPlan.offsetMillis("agent-eu", "check-1", 10_000);
    assertEquals(a, SlotPlan.offsetMillis("agent-eu", "check-1", 10_000));
    assertEquals(a, SlotPlan.of("agent-eu", "check-1", 10_000).offsetMillis());
  }

  @Test
  void agentsInDifferentRegionsProbeOneCheckAtDifferentInstants() {
    assertNotEquals(SlotPlan.offsetMillis("host-eu-west-1", "check-1", 10_000),
        SlotPlan.offsetMillis("host-us-east-1", "check-1", 10_000));
  }

  @Test
  void offsetsOfManyChecksSpreadOverTheInterval() {
    int buckets = 10;
    int[] counts = new int[buckets];
    Set<Long> distinct = new HashSet<>();
    IntStream.range(0, 1000).forEach(i -> {
      long offset = SlotPlan.offsetMillis("agent-1", "check-" + i, 10_000);
      assertTrue(offset >= 0 && offset < 10_000);
      distinct.add(offset);
      counts[(int) (offset / 1000)]++;
    });
    for (int c : counts) {
      assertTrue(c > 60 && c < 140, "bucket with " + c + " of 1000 offsets: not spread");
    }
    assertTrue(distinct.size() > 900);
  }

  static Stream<Arguments> nextSlots() {
    return Stream.of(
        Arguments.of(10_000, 3_000, 0L, 3_000L),
        Arguments.of(10_000, 3_000, 2_999L, 3_000L),
        Arguments.of(10_000, 3_000, 3_000L, 13_000L),
        Arguments.of(10_000, 3_000, 3_001L, 13_000L),
        Arguments.of(10_000, 0, 20_000L, 30_000L),
        Arguments.of(30_000, 29_999, 1_700_000_000_000L, 1_700_000_009_999L));
  }

  @ParameterizedTest
  @MethodSource("nextSlots")
  void nextSlotIsFirstMultipleOfIntervalPlusOffsetStrictlyAfter(long interval, long offset, long now, long next) {
    assertEquals(Instant.ofEpochMilli(next), new SlotPlan(interval, offset).nextAfter(Instant.ofEpochMilli(now)));
  }
}
