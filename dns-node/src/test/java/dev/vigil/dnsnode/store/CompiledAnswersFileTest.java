package dev.vigil.dnsnode.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vigil.dnsnode.RandomZones;
import dev.vigil.dnsnode.resolve.AnswerPrecompiler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compiled-answers file gives back the very index it was given, and nothing at all (a reason instead) when it was
 * written by other code, for another snapshot, or is not whole: a wrong answer read from a cache would be served.
 */
@Timeout(60)
class CompiledAnswersFileTest {

    private static final long CODE = 0x1234_5678_9ABC_DEF0L;
    private static final CompiledAnswersFile.SnapshotId SNAPSHOT = new CompiledAnswersFile.SnapshotId(1_000, 42);
    private static WireIndex index;

    @TempDir
    Path dir;

    @BeforeAll
    static void compile() {
        AnswerState state = FeedCodec.fromSnapshot(RandomZones.snapshot(new Random(5), 2_000)).state();
        index = AnswerPrecompiler.compile(state).wire();
        assertTrue(index.size() > 1_000 && index.shardCount() > 1, "a multi-shard index");
    }

    private Path written(WireIndex wire) throws IOException {
        Path file = dir.resolve(CompiledAnswersFile.FILE_NAME);
        CompiledAnswersFile.write(file, wire, CODE, SNAPSHOT);
        return file;
    }

    @Test
    void anIndexReadsBackByteForByte() throws Exception {
        WireIndex back = CompiledAnswersFile.read(written(index), CODE, SNAPSHOT);
        assertTrue(back.bytesEqual(index));
        assertEquals(index.size(), back.size());
    }

    @Test
    void theEmptyIndexReadsBack() throws Exception {
        WireIndex back = CompiledAnswersFile.read(written(WireIndex.EMPTY), CODE, SNAPSHOT);
        assertTrue(back.bytesEqual(WireIndex.EMPTY));
        assertEquals(0, back.size());
    }

    @Test
    void answersCompiledByOtherCodeAreNotUsed() throws Exception {
        Path file = written(index);
        assertUnusable(file, CODE + 1, SNAPSHOT, "compiled by other code");
    }

    @Test
    void answersCompiledFromAnotherSnapshotAreNotUsed() throws Exception {
        Path file = written(index);
        assertUnusable(file, CODE, new CompiledAnswersFile.SnapshotId(1_000, 43), "another snapshot");
        assertUnusable(file, CODE, new CompiledAnswersFile.SnapshotId(1_001, 42), "another snapshot");
    }

    @Test
    void anyFlippedByteIsCaught() throws Exception {
        byte[] good = Files.readAllBytes(written(index));
        Path file = dir.resolve("flipped");
        Random random = new Random(3);
        for (int trial = 0; trial < 300; trial++) {
            // the header and shard table often, the rest at random
            int at = trial < 100 ? trial : random.nextInt(good.length);
            byte[] bad = good.clone();
            bad[at] ^= (byte) (1 << random.nextInt(8));
            Files.write(file, bad);
            assertRejected(file, "byte " + at);
        }
    }

    @Test
    void aTruncatedOrExtendedFileIsCaught() throws Exception {
        byte[] good = Files.readAllBytes(written(index));
        Path file = dir.resolve("cut");
        for (int length : new int[] {0, 1, 7, 8, 20, 36, 40, 1_000, good.length / 2, good.length - 5, good.length - 1}) {
            Files.write(file, Arrays.copyOf(good, length));
            assertRejected(file, "cut at " + length);
        }
        byte[] longer = Arrays.copyOf(good, good.length + 3);
        Files.write(file, longer);
        assertRejected(file, "three bytes more");
    }

    @Test
    void aFileOfAnotherKindIsNotUsed() throws Exception {
        Path file = dir.resolve("other");
        Files.write(file, "#!/bin/sh\necho this is not a compiled-answers file at all\n".getBytes());
        assertUnusable(file, CODE, SNAPSHOT, "not a compiled-answers file");
    }

    @Test
    void theSnapshotIdIsTheFilesLengthAndChecksum() {
        byte[] a = {1, 2, 3};
        assertEquals(CompiledAnswersFile.SnapshotId.of(a), CompiledAnswersFile.SnapshotId.of(a.clone()));
        assertTrue(!CompiledAnswersFile.SnapshotId.of(a).equals(CompiledAnswersFile.SnapshotId.of(new byte[] {1, 2, 4})));
        assertEquals(3, CompiledAnswersFile.SnapshotId.of(a).length());
        assertArrayEquals(new byte[] {1, 2, 3}, a);
    }

    private static void assertUnusable(Path file, long code, CompiledAnswersFile.SnapshotId snapshot, String reason) {
        CompiledAnswersFile.Unusable e = assertThrows(CompiledAnswersFile.Unusable.class,
                () -> CompiledAnswersFile.read(file, code, snapshot));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    private static void assertRejected(Path file, String what) {
        try {
            WireIndex read = CompiledAnswersFile.read(file, CODE, SNAPSHOT);
            fail(what + ": a damaged file was read as an index of " + read.size() + " names");
        } catch (CompiledAnswersFile.Unusable | IOException expected) {
            // the caller compiles the answers instead
        } catch (RuntimeException | OutOfMemoryError e) {
            fail(what + ": " + e, e);
        }
    }
}
