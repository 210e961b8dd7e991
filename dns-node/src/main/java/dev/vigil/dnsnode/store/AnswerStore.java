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
    private final BiFunction<AnswerState, WireIndex, AnswerTable> restorer;
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
        this(file, compiler, null);
    }

    /**
     * Like {@link #AnswerStore(StateFile, BiFunction)}, keeping the compiled wire answers of each snapshot next to it
     * ({@link StateFile#writeCompiled}), so that a restart gives them to {@code restorer} with the snapshot's state
     * instead of compiling them again.
     */
    public AnswerStore(StateFile file, BiFunction<AnswerState, AnswerTable, AnswerTable> compiler,
                       BiFunction<AnswerState, WireIndex, AnswerTable> restorer) {
        this.file = file;
        this.compiler = compiler;
        this.restorer = restorer;
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
        Optional<StateFile.Persisted> persisted = file.read();
        Optional<WireIndex> compiled = persisted.isPresent() && persisted.get().snapshot() != null && restorer != null
                ? file.readCompiled() : Optional.empty();
        long t1 = System.nanoTime();
        long c1 = processCpuNanos();
        persisted.ifPresent(p -> {
            AnswerTable restored = compiled.map(wire -> restore(p, wire)).orElse(null);
            AnswerTable table = restored != null ? restored : compiler.apply(p.state(), null);
            current.set(table);
            if (restored == null && p.state() == p.snapshot()) {
                background(() -> keepCompiled(table)); // so that the next start need not compile them
            }
            // CPU next to wall time: on a shared machine the wall time says little, the CPU what the load costs.
            log.info("event=state.loaded version={} zones={} file={} answers={} read_ms={} compile_ms={} read_cpu_ms={} compile_cpu_ms={}",
                    p.state().version(), p.state().zones().size(), file.path(), restored != null ? "read" : "compiled",
                    (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000,
                    (c1 - c0) / 1_000_000, (processCpuNanos() - c1) / 1_000_000);
        });
        return persisted.map(p -> p.state().version());
    }

    /**
     * The snapshot's table from its compiled answers, then the logged changes after it compiled as a change is; null
     * when they cannot be used after all (the caller compiles: a cache never keeps a node from starting).
     */
    private AnswerTable restore(StateFile.Persisted persisted, WireIndex compiled) {
        try {
            AnswerTable table = restorer.apply(persisted.snapshot(), compiled);
            return persisted.state() == persisted.snapshot() ? table : compiler.apply(persisted.state(), table);
        } catch (RuntimeException e) {
            log.warn("event=state.compiled-ignored file={} reason=\"{}\" action=compile", file.path(), e.toString());
            return null;
        }
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
                background(() -> keepCompiled(table));
            } else {
                file.append(change);
                if (file.wantsCompaction()) {
                    long segment = file.rotate();
                    background(() -> compact(state, table, segment));
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

    private void compact(AnswerState state, AnswerTable table, long segment) {
        try {
            file.compact(state, segment);
            log.debug("event=state.compacted version={} segment={}", state.version(), segment);
        } catch (IOException | RuntimeException e) {
            log.warn("event=state.compact-failed file={} version={} error=\"{}\"", file.path(), state.version(), e.toString());
            return;
        }
        keepCompiled(table);
    }

    /** Writes {@code table}'s compiled answers next to its snapshot (a cache: a failure costs the next start time). */
    private void keepCompiled(AnswerTable table) {
        if (restorer == null) {
            return;
        }
        try {
            file.writeCompiled(table.wire(), table.state());
        } catch (IOException | RuntimeException e) {
            log.warn("event=state.compiled-write-failed file={} version={} error=\"{}\"", file.path(), table.version(), e.toString());
        }
    }

    /** Runs {@code write} on the compactor thread; after {@link #close} nothing is written in the background. */
    private void background(Runnable write) {
        try {
            compactor.execute(write);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("event=state.background-skipped reason=closed file={}", file.path());
        }
    }

    /**
     * Lets the snapshot and compiled-answers writes already queued finish (a stopped node leaves no half-written temp
     * file behind), within {@code timeout}; later installs are not persisted in the background any more.
     */
    public void close(java.time.Duration timeout) {
        compactor.shutdown();
        try {
            if (!compactor.awaitTermination(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                log.warn("event=state.close-timeout file={} timeout_ms={}", file.path(), timeout.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until every compaction submitted so far has finished (for tests and shutdown). */
    public void awaitCompaction() throws InterruptedException {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        compactor.execute(done::countDown);
        done.await();
    }
}
