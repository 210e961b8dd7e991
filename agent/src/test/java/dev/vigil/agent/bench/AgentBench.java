package dev.vigil.agent.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.vigil.agent.link.ObservationBuffer;
import dev.vigil.agent.link.WireCodec;
import dev.vigil.agent.probe.AddressResolver;
import dev.vigil.agent.probe.AnyProbe;
import dev.vigil.agent.probe.Check;
import dev.vigil.agent.probe.FailureKind;
import dev.vigil.agent.probe.Observation;
import dev.vigil.agent.probe.ProbeResult;
import dev.vigil.agent.probe.ProbeSpec;
import dev.vigil.agent.probe.Target;
import dev.vigil.agent.schedule.ExecutorTaskScheduler;
import dev.vigil.agent.schedule.ProbeEvents;
import dev.vigil.agent.schedule.ProbeScheduler;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Agent throughput benchmark (not a test): the agent's real scheduler, timer, virtual-thread probe executor and
 * raw-socket HTTP probe run {@code CHECKS} HTTP checks at {@code INTERVAL_S} against the {@link BenchTarget}
 * ports; every observation goes through a link buffer and is encoded to protobuf as a controller link would.
 * After {@code WARMUP_S} it measures for {@code MEASURE_S} and prints one result line.
 *
 * <pre>java -Xmx512m -cp ... dev.vigil.agent.bench.AgentBench PORTS_FILE CHECKS INTERVAL_S WARMUP_S MEASURE_S</pre>
 */
public final class AgentBench {

  /** Lateness histogram: 1 ms buckets up to 10 s. */
  private static final int BUCKETS = 10_001;

  private AgentBench() {}

  public static void main(String[] args) throws Exception {
    try {
      run(args);
    } finally {
      System.exit(0); // also on failure: the probe threads must not keep the JVM alive
    }
  }

  private static void run(String[] args) throws Exception {
    List<Integer> ports = Files.readAllLines(Path.of(args[0])).stream().map(Integer::parseInt).toList();
    int checks = Integer.parseInt(args[1]);
    Duration interval = Duration.ofSeconds(Integer.parseInt(args[2]));
    int warmup = Integer.parseInt(args[3]);
    int measure = Integer.parseInt(args[4]);

    Recorder recorder = new Recorder();
    ObservationBuffer buffer = new ObservationBuffer(10_000);
    AtomicLong encodedBytes = new AtomicLong();
    ScheduledExecutorService link = Executors.newSingleThreadScheduledExecutor();
    long[] sequence = {0};
    link.scheduleWithFixedDelay(() -> {
      List<Observation> batch;
      while (!(batch = buffer.take(500)).isEmpty()) {
        encodedBytes.addAndGet(WireCodec.batch(++sequence[0], batch, buffer.dropped()).toByteArray().length);
      }
    }, 10, 10, TimeUnit.MILLISECONDS);

    ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor();
    ExecutorTaskScheduler timer = new ExecutorTaskScheduler(Clock.systemUTC());
    ProbeScheduler scheduler = new ProbeScheduler("bench-agent", Clock.systemUTC(), timer, probes,
        new AnyProbe(AddressResolver.system()), buffer::offer, recorder, dev.vigil.agent.Agent.DEFAULT_MAX_IN_FLIGHT);
    List<Check> all = new ArrayList<>(checks);
    for (int i = 0; i < checks; i++) {
      all.add(new Check("c" + i, new ProbeSpec.Http(false, "/health", "", false, false),
          new Target("127.0.0.1", "", ports.get(i % ports.size())), interval, true));
    }
    scheduler.apply(all);

    TimeUnit.SECONDS.sleep(warmup);
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    recorder.reset();
    long cpu0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    long maxHeap = 0;
    long deadline = t0 + TimeUnit.SECONDS.toNanos(measure);
    while (System.nanoTime() < deadline) {
      maxHeap = Math.max(maxHeap, memory.getHeapMemoryUsage().getUsed());
      TimeUnit.MILLISECONDS.sleep(100);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    double cpuSeconds = (os.getProcessCpuTime() - cpu0) / 1e9;
    Snapshot s = recorder.snapshot();
    double rate = s.completed / seconds;
    double cpuCores = cpuSeconds / seconds;
    double load = os.getSystemLoadAverage();
    System.out.printf(Locale.ROOT,
        "checks=%d interval_s=%d target=%.0f/s completed=%.0f/s healthy=%.4f fired=%.0f/s skipped=%d "
            + "lateness_ms p50=%d p99=%d p999=%d max=%d heap_max_mb=%.0f agent_cpu_cores=%.2f "
            + "cpu_cores_per_1000_per_s=%.3f load1=%.1f probe_ms_max=%d probes_over_1s=%d failures=%s dropped=%d encoded_mb=%.1f%n",
        checks, interval.toSeconds(), checks / (double) interval.toSeconds(), rate,
        s.completed == 0 ? 0 : s.healthy / (double) s.completed, s.fired / seconds, s.skipped,
        s.percentile(0.50), s.percentile(0.99), s.percentile(0.999), s.maxLate, maxHeap / 1048576.0, cpuCores,
        cpuCores / (rate / 1000), load, s.maxTookMillis, s.slowerThan1s, s.failures, buffer.dropped(), encodedBytes.get() / 1048576.0);
    scheduler.close();
    timer.close();
    probes.shutdownNow();
    link.shutdownNow();
  }

  private record Snapshot(long fired, long completed, long healthy, long skipped, long maxLate, long[] histogram,
      Map<FailureKind, Long> failures, long maxTookMillis, long slowerThan1s) {
    long percentile(double p) {
      long total = 0;
      for (long c : histogram) {
        total += c;
      }
      long rank = (long) Math.ceil(p * total);
      long seen = 0;
      for (int i = 0; i < histogram.length; i++) {
        seen += histogram[i];
        if (seen >= rank && rank > 0) {
          return i;
        }
      }
      return 0;
    }
  }

  /** Counts what the scheduler reports; lock-free, cheap enough not to disturb the measurement. */
  private static final class Recorder implements ProbeEvents {
    private volatile AtomicLongArray lateness = new AtomicLongArray(BUCKETS);
    private final AtomicLong fired = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong healthy = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong maxLate = new AtomicLong();
    private final AtomicLong maxTook = new AtomicLong();
    private final AtomicLong slow = new AtomicLong();
    private final AtomicLongArray failures = new AtomicLongArray(FailureKind.values().length);
    private final java.util.concurrent.ConcurrentHashMap<FailureKind, String> example =
        new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public void fired(Duration late) {
      long ms = late.toMillis();
      lateness.incrementAndGet((int) Math.min(ms, BUCKETS - 1));
      maxLate.accumulateAndGet(ms, Math::max);
      fired.incrementAndGet();
    }

    @Override
    public void skipped(Check check) {
      skipped.incrementAndGet();
    }

    @Override
    public void completed(Check check, ProbeResult result, Duration took) {
      completed.incrementAndGet();
      maxTook.accumulateAndGet(took.toMillis(), Math::max);
      if (took.toMillis() > 1000) {
        slow.incrementAndGet();
      }
      if (result.healthy()) {
        healthy.incrementAndGet();
      } else {
        failures.incrementAndGet(result.failure().ordinal());
        example.putIfAbsent(result.failure(), result.detail());
      }
    }

    void reset() {
      lateness = new AtomicLongArray(BUCKETS);
      fired.set(0);
      completed.set(0);
      healthy.set(0);
      skipped.set(0);
      maxLate.set(0);
      maxTook.set(0);
      slow.set(0);
      for (int i = 0; i < failures.length(); i++) {
        failures.set(i, 0);
      }
    }

    Snapshot snapshot() {
      long[] h = new long[BUCKETS];
      AtomicLongArray l = lateness;
      for (int i = 0; i < BUCKETS; i++) {
        h[i] = l.get(i);
      }
      Map<FailureKind, Long> f = new EnumMap<>(FailureKind.class);
      for (FailureKind k : FailureKind.values()) {
        if (failures.get(k.ordinal()) > 0) {
          f.put(k, failures.get(k.ordinal()));
          System.err.println("example " + k + ": " + example.get(k));
        }
      }
      return new Snapshot(fired.get(), completed.get(), healthy.get(), skipped.get(), maxLate.get(), h, f,
          maxTook.get(), slow.get());
    }
  }
}
