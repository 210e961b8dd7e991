package dev.vigil.dnsnode.store;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
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
    private final Function<AnswerState, AnswerTable> compiler;

    public AnswerStore(StateFile file) {
        this(file, AnswerTable::compile);
    }

    /** {@code compiler} turns a state into a servable table (the node precompiles wire answers here). */
    public AnswerStore(StateFile file, Function<AnswerState, AnswerTable> compiler) {
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
        Optional<AnswerState> state = file.load();
        state.ifPresent(s -> {
            current.set(compiler.apply(s));
            log.info("event=state.loaded version={} zones={} file={}", s.version(), s.zones().size(), file.path());
        });
        return state.map(AnswerState::version);
    }

    /**
     * Compiles, persists and swaps in {@code state}. Persisting comes first so a restart never serves a version
     * older than one already served; if the disk fails, the new answers are still served (a failover must not wait
     * on a disk) and the failure is logged.
     */
    public synchronized void install(AnswerState state) {
        AnswerTable table = compiler.apply(state);
        try {
            file.save(state);
        } catch (IOException | RuntimeException e) {
            log.warn("event=state.persist-failed file={} version={} error=\"{}\"", file.path(), state.version(), e.toString());
        }
        current.set(table);
    }
}
