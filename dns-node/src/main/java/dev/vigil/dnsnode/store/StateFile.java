package dev.vigil.dnsnode.store;

import dev.vigil.proto.feed.v1.AnswerUpdate;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last applied state on disk, as a full-snapshot {@link AnswerUpdate}. Written atomically (temp file,
 * fsync, atomic rename, fsync of the directory) so a crash leaves either the old or the new state.
 */
public final class StateFile {

    private static final Logger log = LoggerFactory.getLogger(StateFile.class);
    static final String FILE_NAME = "answers.pb";

    private final Path dir;
    private final Path file;
    private final Path temp;

    public StateFile(Path dir) {
        this.dir = dir;
        this.file = dir.resolve(FILE_NAME);
        this.temp = dir.resolve(FILE_NAME + ".tmp");
    }

    public Path path() {
        return file;
    }

    /** The persisted state, or empty when there is none or it is unreadable (logged; never thrown). */
    public Optional<AnswerState> load() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            AnswerUpdate snapshot = AnswerUpdate.parseFrom(Files.readAllBytes(file));
            if (!snapshot.getFull() || snapshot.getVersion().getIndex() == 0) {
                throw new InvalidUpdateException("not a full snapshot with a version");
            }
            FeedCodec.Decoded decoded = FeedCodec.fromSnapshot(snapshot);
            if (!decoded.skipped().isEmpty()) {
                log.warn("event=state.partial file={} skipped={}", file, decoded.skipped());
            }
            return Optional.of(decoded.state());
        } catch (IOException | InvalidUpdateException | RuntimeException e) {
            log.warn("event=state.corrupt file={} error=\"{}\" action=start-empty (the next controller update replaces it)",
                    file, e.getMessage());
            return Optional.empty();
        }
    }

    public void save(AnswerState state) throws IOException {
        Files.createDirectories(dir);
        byte[] bytes = FeedCodec.toSnapshot(state).toByteArray();
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory();
    }

    /** Makes the rename durable; not every platform lets a directory be opened, which is harmless. */
    private void syncDirectory() {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            log.debug("event=state.dirsync-skipped dir={} error=\"{}\"", dir, e.getMessage());
        }
    }
}
