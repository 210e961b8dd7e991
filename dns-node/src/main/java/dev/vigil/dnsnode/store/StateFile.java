package dev.vigil.dnsnode.store;

import dev.vigil.proto.feed.v1.AnswerUpdate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The applied state on disk: a full snapshot ({@code answers.pb}) plus an append-only log of the changes applied
 * after it ({@link ChangeLog}). A change costs one small write before it is served and a shared fdatasync after
 * ({@link #sync}, group commit); the snapshot is rewritten now and then ({@link #compact}) off the feed and query
 * paths.
 *
 * <p>The rule that keeps "a restart after the process dies (kill -9, crash, OOM) never serves a version older than
 * one already served": a version is served only once it is written, either in the snapshot or as a log record in
 * the kernel's page cache, which outlives the process. It is acknowledged to the controllers (which then count the
 * node as INSYNC) only once it is durable (synced). So only a kernel crash or power loss can lose the last few
 * milliseconds of changes: the node then restarts from an older version that the controllers had committed, serves
 * it, and converges to the current one from the feed. The snapshot is replaced atomically (temp file, fsync, atomic
 * rename, fsync of the directory) and the log segments it covers are deleted only after that; at load, log records
 * at or below the snapshot's version are skipped and the others are applied in order, each on the version before
 * it (a gap ends the replay). A torn record at the end of a segment (a crash mid-append) was never served and ends
 * that segment.
 */
public final class StateFile {

    private static final Logger log = LoggerFactory.getLogger(StateFile.class);
    static final String FILE_NAME = "answers.pb";

    private final Path dir;
    private final Path file;
    private final Path temp;
    private final ChangeLog changes;
    private final Path compiled;
    private final Object snapshotLock = new Object();
    private long snapshotIndex = -1;
    private CompiledAnswersFile.SnapshotId snapshotId;
    /** The state the snapshot on disk holds: compiled answers are kept only for this very object. */
    private AnswerState snapshotState;

    public StateFile(Path dir) {
        this(dir, ChangeLog.MAX_RECORDS);
    }

    /** With a compaction threshold of {@code maxLogRecords} changes (tests use small ones). */
    StateFile(Path dir, int maxLogRecords) {
        this.dir = dir;
        this.file = dir.resolve(FILE_NAME);
        this.temp = dir.resolve(FILE_NAME + ".tmp");
        this.compiled = dir.resolve(CompiledAnswersFile.FILE_NAME);
        this.changes = new ChangeLog(dir, maxLogRecords);
    }

    public Path path() {
        return file;
    }

    /** The persisted state (snapshot plus logged changes), or empty when there is none or it is unreadable. */
    public Optional<AnswerState> load() {
        return read().map(Persisted::state);
    }

    /**
     * What is on disk: the snapshot's state (null when there is no readable snapshot) and the state after the logged
     * changes applied on it ({@code state == snapshot} when there are none).
     */
    public record Persisted(AnswerState snapshot, AnswerState state) {}

    /** The persisted snapshot and state, or empty when there is neither or they are unreadable. */
    public Optional<Persisted> read() {
        Optional<AnswerState> snapshot = loadSnapshot();
        List<AnswerUpdate> logged;
        try {
            logged = changes.readAll();
        } catch (IOException e) {
            log.warn("event=state.log-unreadable dir={} error=\"{}\"", dir, e.toString());
            return snapshot.map(s -> new Persisted(s, s));
        }
        AnswerState base = snapshot.orElse(AnswerState.EMPTY);
        List<AnswerUpdate> chain = new ArrayList<>();
        long index = base.version().index();
        for (AnswerUpdate change : logged) {
            long v = change.getVersion().getIndex();
            if (Long.compareUnsigned(v, index) <= 0) {
                continue; // already in the snapshot
            }
            if (change.getBase().getIndex() != index) {
                log.warn("event=state.log-gap dir={} at={} next_base={}", dir, index, change.getBase().getIndex());
                break;
            }
            chain.add(change);
            index = v;
        }
        if (chain.isEmpty()) {
            return snapshot.map(s -> new Persisted(s, s));
        }
        FeedCodec.Decoded decoded = FeedCodec.applyChanges(base, chain);
        return Optional.of(new Persisted(snapshot.orElse(null), decoded.state()));
    }

    /**
     * The wire answers compiled before for the snapshot {@link #read} found, when they were compiled from that very
     * file by this very code ({@link CompiledAnswersFile}); empty otherwise (the caller compiles them).
     */
    public Optional<WireIndex> readCompiled() {
        CompiledAnswersFile.SnapshotId id;
        synchronized (snapshotLock) {
            id = snapshotId;
        }
        long fingerprint = CodeFingerprint.current();
        if (id == null || fingerprint == 0 || !Files.exists(compiled)) {
            return Optional.empty();
        }
        try {
            return Optional.of(CompiledAnswersFile.read(compiled, fingerprint, id));
        } catch (IOException | CompiledAnswersFile.Unusable e) {
            log.info("event=state.compiled-ignored file={} reason=\"{}\" action=compile", compiled, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Keeps {@code wire}, the answers compiled from {@code state}, next to the snapshot if the snapshot on disk holds
     * that very state (not merely one with the same version); written to a temp file first, outside the snapshot
     * lock, so a snapshot is never kept waiting.
     */
    public void writeCompiled(WireIndex wire, AnswerState state) throws IOException {
        CompiledAnswersFile.SnapshotId id;
        synchronized (snapshotLock) {
            id = state == snapshotState ? snapshotId : null;
        }
        long fingerprint = CodeFingerprint.current();
        if (id == null || fingerprint == 0) {
            return;
        }
        Path partial = dir.resolve(CompiledAnswersFile.FILE_NAME + ".tmp");
        CompiledAnswersFile.write(partial, wire, fingerprint, id);
        synchronized (snapshotLock) {
            if (!id.equals(snapshotId)) {
                Files.deleteIfExists(partial); // a newer snapshot replaced it meanwhile; its own answers follow
                return;
            }
            Files.move(partial, compiled, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private Optional<AnswerState> loadSnapshot() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            SnapshotReader.Lazy snapshot = SnapshotReader.read(bytes);
            if (!snapshot.update().getFull() || snapshot.update().getVersion().getIndex() == 0) {
                throw new InvalidUpdateException("not a full snapshot with a version");
            }
            FeedCodec.Decoded decoded = FeedCodec.fromSnapshot(snapshot);
            if (!decoded.skipped().isEmpty()) {
                log.warn("event=state.partial file={} skipped={}", file, decoded.skipped());
            }
            synchronized (snapshotLock) {
                snapshotIndex = decoded.state().version().index();
                snapshotId = CompiledAnswersFile.SnapshotId.of(bytes);
                snapshotState = decoded.state();
            }
            return Optional.of(decoded.state());
        } catch (IOException | InvalidUpdateException | RuntimeException e) {
            log.warn("event=state.corrupt file={} error=\"{}\" action=start-empty (the next controller update replaces it)",
                    file, e.getMessage());
            return Optional.empty();
        }
    }

    /** Makes a full state durable now: a new snapshot, and the log before it dropped. */
    public void save(AnswerState state) throws IOException {
        compact(state, changes.rotate());
    }

    /**
     * Appends {@code change} (applied on the previous version) to the log: written, so a restart after the process
     * is killed finds it, but durable across a kernel crash or power loss only after {@link #sync}.
     */
    public void append(AnswerUpdate change) throws IOException {
        changes.append(change);
    }

    /** Makes every change appended so far durable (one fdatasync for all of them). */
    public void sync() throws IOException {
        changes.sync();
    }

    /** True when the log has grown enough that rewriting the snapshot is worth it. */
    public boolean wantsCompaction() {
        return changes.wantsCompaction();
    }

    /**
     * Closes the current log segment and returns its number: everything logged so far is covered by a snapshot of
     * the state applied now, which {@link #compact} can write later on another thread.
     */
    public long rotate() throws IOException {
        return changes.rotate();
    }

    /**
     * Writes {@code state} as the snapshot (unless a newer one is already there), then deletes the log segments up
     * to {@code segment}, which it covers.
     */
    public void compact(AnswerState state, long segment) throws IOException {
        synchronized (snapshotLock) {
            if (Long.compareUnsigned(state.version().index(), snapshotIndex) > 0 || snapshotIndex < 0) {
                snapshotId = writeSnapshot(state);
                snapshotIndex = state.version().index();
                snapshotState = state;
                Files.deleteIfExists(compiled); // compiled from the snapshot just replaced: of no use any more
            }
        }
        changes.deleteUpTo(segment);
    }

    private CompiledAnswersFile.SnapshotId writeSnapshot(AnswerState state) throws IOException {
        Files.createDirectories(dir);
        byte[] bytes = FeedCodec.toSnapshot(state).toByteArray();
        Durable.write(temp, bytes);
        Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Durable.syncDirectory(dir);
        return CompiledAnswersFile.SnapshotId.of(bytes);
    }
}
