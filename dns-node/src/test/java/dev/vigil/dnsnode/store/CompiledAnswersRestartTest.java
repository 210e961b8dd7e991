package dev.vigil.dnsnode.store;

import static dev.vigil.dnsnode.Fixtures.change;
import static dev.vigil.dnsnode.Fixtures.childZone;
import static dev.vigil.dnsnode.Fixtures.exampleZone;
import static dev.vigil.dnsnode.Fixtures.full;
import static dev.vigil.dnsnode.Fixtures.rrset;
import static dev.vigil.dnsnode.Fixtures.wildZone;
import static dev.vigil.dnsnode.Fixtures.zone;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.dnsnode.RandomZones;
import dev.vigil.dnsnode.SelectiveFixtures;
import dev.vigil.dnsnode.resolve.AnswerPrecompiler;
import dev.vigil.proto.feed.v1.AnswerUpdate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A restart reads the answers compiled for the snapshot on disk instead of compiling them, and serves exactly what a
 * compile would give: after a full state, after changes logged behind the snapshot, after compactions. Answers kept
 * for another snapshot, or damaged, are compiled again (and kept for the next start).
 */
@Timeout(120)
class CompiledAnswersRestartTest {

    @TempDir
    Path dir;

    private final AtomicInteger compiles = new AtomicInteger();
    private final AtomicInteger restores = new AtomicInteger();
    private final java.util.List<AnswerStore> stores = new java.util.ArrayList<>();

    /** Their background writes end before the temp folder is deleted. */
    @AfterEach
    void closeStores() {
        stores.forEach(store -> store.close(java.time.Duration.ofSeconds(30)));
    }

    /** A store as the node makes it, counting full compiles and restores from disk. */
    private AnswerStore store(StateFile file) {
        return track(new AnswerStore(file,
                (state, previous) -> {
                    if (previous == null) {
                        compiles.incrementAndGet();
                        return AnswerPrecompiler.compile(state);
                    }
                    return AnswerPrecompiler.compile(state, previous);
                },
                (state, wire) -> {
                    restores.incrementAndGet();
                    return AnswerPrecompiler.restore(state, wire);
                }));
    }

    private AnswerStore track(AnswerStore store) {
        stores.add(store);
        return store;
    }

    private AnswerStore restart(StateFile file) {
        compiles.set(0);
        restores.set(0);
        AnswerStore store = store(file);
        store.loadPersisted();
        return store;
    }

    /** A store on {@code dir} that has installed {@code state} and kept its snapshot and compiled answers. */
    private AnswerStore installed(AnswerState state) throws InterruptedException {
        AnswerStore store = store(new StateFile(dir));
        store.install(state);
        store.awaitCompaction();
        return store;
    }

    static Stream<Arguments> states() {
        return Stream.of(
                Arguments.of("nested zones, wildcards, delegations", full(2, exampleZone(), childZone(), wildZone())),
                Arguments.of("per-query RRsets", SelectiveFixtures.full(3)),
                Arguments.of("random zones", RandomZones.snapshot(new Random(21), 3_000)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("states")
    void aRestartReadsTheCompiledAnswersAndServesWhatACompileGives(String rule, AnswerUpdate snapshot) throws Exception {
        AnswerState state = FeedCodec.fromSnapshot(snapshot).state();
        AnswerStore first = installed(state);
        assertTrue(Files.exists(dir.resolve(CompiledAnswersFile.FILE_NAME)), rule + ": answers kept next to the snapshot");

        AnswerStore restarted = restart(new StateFile(dir));

        assertEquals(1, restores.get(), rule + ": read, not compiled");
        assertEquals(0, compiles.get(), rule);
        assertEquals(state.version(), restarted.get().version(), rule);
        assertTrue(restarted.get().wire().bytesEqual(first.get().wire()), rule + ": the same wire answers");
        assertSameAnswers(AnswerPrecompiler.compile(state), restarted.get(), rule);
    }

    @Test
    void changesLoggedBehindTheSnapshotAreCompiledOnTopOfTheAnswersRead() throws Exception {
        AnswerState expected = FeedCodec.fromSnapshot(full(1, exampleZone(), wildZone())).state();
        AnswerStore store = store(new StateFile(dir, 1_000));
        store.install(expected);
        Random random = new Random(8);
        for (long v = 2; v <= 40; v++) {
            AnswerUpdate change = randomChange(random, v);
            expected = FeedCodec.applyChange(expected, change).state();
            store.install(expected, change);
        }
        store.awaitCompaction();

        AnswerStore restarted = restart(new StateFile(dir, 1_000));

        assertEquals(1, restores.get(), "the snapshot's answers read");
        assertEquals(0, compiles.get());
        assertEquals(expected, restarted.get().state());
        assertSameAnswers(AnswerPrecompiler.compile(expected), restarted.get(), "after 39 logged changes");
    }

    @Test
    void eachCompactionKeepsTheAnswersOfItsSnapshot() throws Exception {
        Random random = new Random(9);
        AnswerState expected = FeedCodec.fromSnapshot(full(1, exampleZone())).state();
        AnswerStore store = store(new StateFile(dir, 8));
        store.install(expected);
        for (long v = 2; v <= 60; v++) {
            AnswerUpdate change = randomChange(random, v);
            expected = FeedCodec.applyChange(expected, change).state();
            store.install(expected, change);
            if (v % 17 == 0) {
                store.awaitCompaction();
                store = restart(new StateFile(dir, 8));
                assertEquals(1, restores.get(), "restart at version " + v);
                assertEquals(0, compiles.get(), "restart at version " + v);
                assertSameAnswers(AnswerPrecompiler.compile(expected), store.get(), "restart at version " + v);
            }
        }
    }

    @Test
    void answersKeptForAnotherSnapshotAreCompiledAgain() throws Exception {
        AnswerStore store = installed(FeedCodec.fromSnapshot(full(1, exampleZone())).state());
        Path kept = dir.resolve(CompiledAnswersFile.FILE_NAME);
        Path old = Files.copy(kept, dir.resolve("old.wire"));
        AnswerState replacement = FeedCodec.fromSnapshot(full(2, childZone())).state();
        store.install(replacement);
        store.awaitCompaction();
        Files.copy(old, kept, StandardCopyOption.REPLACE_EXISTING); // as if the new snapshot's answers were never kept

        AnswerStore restarted = restart(new StateFile(dir));

        assertEquals(0, restores.get(), "the old snapshot's answers are not served");
        assertEquals(1, compiles.get());
        assertSameAnswers(AnswerPrecompiler.compile(replacement), restarted.get(), "the new snapshot");
    }

    @Test
    void damagedAnswersAreCompiledAgainAndKeptForTheNextStart() throws Exception {
        AnswerState state = FeedCodec.fromSnapshot(full(1, exampleZone(), wildZone())).state();
        installed(state);
        Path kept = dir.resolve(CompiledAnswersFile.FILE_NAME);
        byte[] bytes = Files.readAllBytes(kept);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(kept, bytes);

        AnswerStore restarted = restart(new StateFile(dir));
        assertEquals(0, restores.get());
        assertEquals(1, compiles.get());
        assertSameAnswers(AnswerPrecompiler.compile(state), restarted.get(), "compiled again");

        restarted.awaitCompaction();
        restart(new StateFile(dir));
        assertEquals(1, restores.get(), "the answers compiled at the last start were kept");
    }

    @Test
    void answersThatCannotBeRestoredAreCompiledAndTheNodeStillStarts() throws Exception {
        AnswerState state = FeedCodec.fromSnapshot(full(1, exampleZone())).state();
        installed(state);

        AnswerStore restarted = track(new AnswerStore(new StateFile(dir),
                (s, previous) -> {
                    compiles.incrementAndGet();
                    return AnswerPrecompiler.compile(s);
                },
                (s, wire) -> {
                    throw new IllegalStateException("a shard that does not hold what its checksum promised");
                }));

        assertEquals(1, restarted.loadPersisted().orElseThrow().index());
        assertEquals(1, compiles.get(), "compiled instead");
        assertSameAnswers(AnswerPrecompiler.compile(state), restarted.get(), "compiled");
    }

    @Test
    void answersAreKeptOnlyForTheStateTheSnapshotHoldsNotForAnotherWithTheSameVersion() throws Exception {
        AnswerState onDisk = FeedCodec.fromSnapshot(full(5, exampleZone())).state();
        AnswerStore store = installed(onDisk);
        // the same version with other content: the feed never applies it (UpdatePolicy), but the store does not count
        // on that, and the snapshot keeps the state it has
        AnswerState sameVersion = FeedCodec.fromSnapshot(full(5, childZone())).state();
        store.install(sameVersion);
        store.awaitCompaction();

        AnswerStore restarted = restart(new StateFile(dir));

        assertEquals(1, restores.get(), "the snapshot's own answers were kept");
        assertSameAnswers(AnswerPrecompiler.compile(onDisk), restarted.get(), "the snapshot's answers, not the other state's");
    }

    @Test
    void aNewSnapshotDropsTheAnswersOfTheOldOne() throws Exception {
        StateFile file = new StateFile(dir);
        AnswerStore store = store(file);
        store.install(FeedCodec.fromSnapshot(full(1, exampleZone())).state());
        store.awaitCompaction();
        assertTrue(Files.exists(dir.resolve(CompiledAnswersFile.FILE_NAME)));

        file.save(FeedCodec.fromSnapshot(full(2, childZone())).state()); // a snapshot whose answers are not kept

        assertFalse(Files.exists(dir.resolve(CompiledAnswersFile.FILE_NAME)));
        assertEquals(java.util.Optional.empty(), file.readCompiled());
    }

    @Test
    void aStoreWithoutARestorerKeepsNoCompiledAnswers() throws Exception {
        AnswerStore store = track(new AnswerStore(new StateFile(dir)));
        store.install(FeedCodec.fromSnapshot(full(1, exampleZone())).state());
        store.awaitCompaction();
        assertFalse(Files.exists(dir.resolve(CompiledAnswersFile.FILE_NAME)));
    }

    private static AnswerUpdate randomChange(Random random, long version) {
        String name = "h" + random.nextInt(30) + ".example.test.";
        var z = zone("example.test.", rrset(name, "A", 60, "192.0.2." + random.nextInt(250))).toBuilder();
        if (random.nextInt(4) == 0) {
            z.addRemovals(dev.vigil.dnsnode.Fixtures.key("h" + random.nextInt(30) + ".example.test.", "A"));
        }
        if (random.nextInt(5) == 0) {
            z.addUpserts(rrset("c" + random.nextInt(5) + ".example.test.", "CNAME", 30, name));
        }
        return change(version - 1, version, z.build());
    }

    /** The same static answers at every name, and the same per-query answers at every name of every zone. */
    private static void assertSameAnswers(AnswerTable expected, AnswerTable actual, String rule) {
        assertEquals(entries(expected.wire()), entries(actual.wire()), rule + ": static answers");
        assertEquals(expected.selective().size(), actual.selective().size(), rule + ": per-query answers");
        for (ZoneTable zone : expected.zones()) {
            zone.forEachNode((name, node) -> {
                byte[] key = name.toWireCanonical();
                SelectiveIndex.Entry want = expected.selective().find(key, 0, key.length);
                SelectiveIndex.Entry got = actual.selective().find(key, 0, key.length);
                if (want == null) {
                    assertNull(got, rule + ": " + name);
                    return;
                }
                assertNotNull(got, rule + ": " + name);
                assertArrayEquals(want.qtypes(), got.qtypes(), rule + ": " + name);
                for (int i = 0; i < want.answers().length; i++) {
                    assertTrue(java.util.Arrays.deepEquals(want.answers()[i].variants(), got.answers()[i].variants()),
                            rule + ": " + name);
                    assertArrayEquals(want.answers()[i].empty(), got.answers()[i].empty(), rule + ": " + name);
                }
            });
        }
    }

    private static Map<String, WireIndex.Entry> entries(WireIndex index) {
        Map<String, WireIndex.Entry> out = new HashMap<>();
        index.forEach((key, entry) -> out.put(HexFormat.of().formatHex(key), entry));
        return out;
    }
}
