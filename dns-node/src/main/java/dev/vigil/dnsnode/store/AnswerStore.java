package dev.vigil.dnsnode.store;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answers being served: one {@link AnswerTable} behind an {@link AtomicReference}. Queries read it
 * without locks; updates compile a new table, persist it, then swap it in.
 */
public final class AnswerStore implements Supplier<AnswerTable> {

    private static final Logger log = LoggerFactory.getLogger(AnswerStore.class);

    private final AtomicReference<AnswerTable> current = new AtomicReference<>(AnswerTable.EMPTY);
    private final StateFile file;
    private final BiFunction<AnswerState, AnswerTable, AnswerTable> compiler;
    /** Rewrites the snapshot behind a grown change log, one at a time, on a low-priority daemon thread. */
    private final java.util.concurrent.ExecutorService compactor = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "state-compactor");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        return t;
    });
    private volatile boolean logBroken;

    public AnswerStore(StateFile file) {
        this(file, (state, previous) -> AnswerTable.compile(state));
    }

    /**
     * {@code compiler} turns a state into a servable table, given the table served now (the node precompiles wire
     * answers here, reusing the unchanged ones).
     */
    public AnswerStore(StateFile file, BiFunction<AnswerState, AnswerTable, AnswerTable> compiler) {
        this.file = file;
        this.compiler = compiler;
    }

    @Override
    public AnswerTable get() {
        return current.get();
    }

    /** Ready once any state has been loaded or applied. */
    public boolean hasState() {
        return !current.get().version().isNone();
    }

    /** Serves the persisted state, if any, before any controller has answered (static stability). */
    public Optional<Version> loadPersisted() {
        long t0 = System.nanoTime();
        long c0 = processCpuNanos();
        Optional<AnswerState> state = file.load();
        long t1 = System.nanoTime();
        long c1 = processCpuNanos();
        state.ifPresent(s -> {
            current.set(compiler.apply(s, null));
            // CPU next to wall time: on a shared machine the wall time says little, the CPU what the load costs.
            log.info("event=state.loaded version={} zones={} file={} read_ms={} compile_ms={} read_cpu_ms={} compile_cpu_ms={}",
                    s.version(), s.zones().size(), file.path(), (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000,
                    (c1 - c0) / 1_000_000, (processCpuNanos() - c1) / 1_000_000);
        });
        return state.map(AnswerState::version);
    }

    /**
     * CPU time of the whole process (every thread, GC included), or 0 where the OS does not tell. Read from the
     * process handle (one /proc read on Linux), not JMX, whose classes would lengthen the start they measure.
     */
    private static long processCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }

    /** Compiles, persists (as a full snapshot) and swaps in {@code state}. */
    public Installed install(AnswerState state) {
        return install(state, null);
    }

    /**
     * Compiles, persists and swaps in {@code state}, which is {@code change} applied on the version served now (or a
     * full state when {@code change} is null). Persisting comes first, so a restart after the process dies never
     * serves a version older than one already served: a change is one log record written to the page cache (made
     * durable by {@link #sync} before the node acknowledges it), a full state a new, synced snapshot. The snapshot
     * behind a grown log is rewritten by the compactor thread, off the feed and query threads. If the disk fails,
     * the new answers are still served (a failover must not wait on a disk) and the failure is logged.
     */
    public synchronized Installed install(AnswerState state, dev.vigil.proto.feed.v1.AnswerUpdate change) {
        long t0 = System.nanoTime();
        AnswerTable table = compiler.apply(state, current.get());
        long t1 = System.nanoTime();
        try {
            if (change == null || logBroken) {
                file.save(state);
                logBroken = false;
            } else {
                file.append(change);
                if (file.wantsCompaction()) {
                    long segment = file.rotate();
                    compactor.execute(() -> compact(state, segment));
                }
            }
        } catch (IOException | RuntimeException e) {
            logBroken = true; // the next install writes a whole snapshot, so the log never has a gap
            log.warn("event=state.persist-failed file={} version={} error=\"{}\"", file.path(), state.version(), e.toString());
        }
        long t2 = System.nanoTime();
        current.set(table);
        return new Installed(t1 - t0, t2 - t1);
    }

    /** Where an install's time went: compiling the table, and persisting the state (the swap itself is one store). */
    public record Installed(long compileNanos, long persistNanos) {}

    /**
     * Makes every change installed so far durable (fdatasync; one for all the changes written since the last one).
     * Not under the install lock: the next version is compiled and served while the disk syncs this one.
     */
    public void sync() {
        try {
            file.sync();
        } catch (IOException | RuntimeException e) {
            logBroken = true; // the next install writes a whole snapshot, so the log never has a gap
            log.warn("event=state.sync-failed file={} error=\"{}\"", file.path(), e.toString());
        }
    }

    private void compact(AnswerState state, long segment) {
        try {
            file.compact(state, segment);
            log.debug("event=state.compacted version={} segment={}", state.version(), segment);
        } catch (IOException | RuntimeException e) {
            log.warn("event=state.compact-failed file={} version={} error=\"{}\"", file.path(), state.version(), e.toString());
        }
    }

    /** Waits until every compaction submitted so far has finished (for tests and shutdown). */
    public void awaitCompaction() throws InterruptedException {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        compactor.execute(done::countDown);
        done.await();
    }
}
