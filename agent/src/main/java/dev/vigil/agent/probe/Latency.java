package dev.vigil.agent.probe;

/** Phase durations of one probe in microseconds; 0 for a phase that did not happen. */
public record Latency(long connectMicros, long tlsHandshakeMicros, long firstByteMicros, long totalMicros) {

  public static final Latency NONE = new Latency(0, 0, 0, 0);

  /** Only the total: what is reported when the check does not measure latency. */
  public Latency totalOnly() {
    return new Latency(0, 0, 0, totalMicros);
  }
}
