package dev.vigil.dnsnode.store;

import static dev.vigil.dnsnode.Fixtures.change;
import static dev.vigil.dnsnode.Fixtures.exampleZone;
import static dev.vigil.dnsnode.Fixtures.full;
import static dev.vigil.dnsnode.Fixtures.rrset;
import static dev.vigil.dnsnode.Fixtures.zone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.proto.feed.v1.AnswerUpdate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Changes are persisted as a log behind the snapshot. A restart after the process dies gets the last served
 * version back whether or not it was synced yet (written records are in the page cache); {@link ChangeLog#sync}
 * only adds durability across a kernel crash or power loss, which an in-process test cannot cause.
 */
@Timeout(60)
class ChangeLogTest {

    @TempDir
    Path dir;

    private static AnswerUpdate randomChange(Random random, long version) {
        String name = "h" + random.nextInt(40) + ".example.test.";
        var z = zone("example.test.", rrset(name, "A", 60, "192.0.2." + random.nextInt(250))).toBuilder();
        if (random.nextInt(4) == 0) {
            z.addRemovals(dev.vigil.dnsnode.Fixtures.key("h" + random.nextInt(40) + ".example.test.", "A"));
        }
        return change(version - 1, version, z.build());
    }

    @Test
    void aProcessRestartServesTheLastServedVersionAcrossRandomChangesCompactionsAndRestarts() throws Exception {
        Random random = new Random(7);
        AnswerState expected = FeedCodec.fromSnapshot(full(1, exampleZone())).state();
        AnswerStore store = new AnswerStore(new StateFile(dir, 16));
        store.install(expected);
        for (long v = 2; v <= 200; v++) {
            AnswerUpdate change = randomChange(random, v);
            expected = FeedCodec.applyChange(expected, change).state();
            store.install(expected, change);
            if (random.nextInt(25) == 0) { // a restart: a new process reads what is on disk
                store.awaitCompaction();
                store = new AnswerStore(new StateFile(dir, 16));
                assertEquals(v, store.loadPersisted().orElseThrow().index());
                assertEquals(expected, store.get().state());
            }
        }
        store.awaitCompaction();
        assertEquals(expected, new StateFile(dir).load().orElseThrow());
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.filter(p -> p.getFileName().toString().startsWith(ChangeLog.PREFIX)).count() <= 3,
                    "compaction deletes the segments the snapshot covers");
        }
    }

    @Test
    void syncsRacingWithAppendsAndRotationsLoseNothing() throws Exception {
        Random random = new Random(11);
        AnswerState first = FeedCodec.fromSnapshot(full(1, exampleZone())).state();
        StateFile file = new StateFile(dir, 8);
        AnswerStore store = new AnswerStore(file);
        store.install(first);
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger syncs = new java.util.concurrent.atomic.AtomicInteger();
        java.util.List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread syncer = Thread.ofPlatform().start(() -> {
            while (!done.get()) {
                try {
                    file.sync();
                    syncs.incrementAndGet();
                } catch (java.io.IOException | RuntimeException e) {
                    failures.add(e);
                    return;
                }
            }
        });
        AnswerState expected = first;
        for (long v = 2; v <= 300; v++) {
            AnswerUpdate change = randomChange(random, v);
            expected = FeedCodec.applyChange(expected, change).state();
            store.install(expected, change);
        }
        done.set(true);
        syncer.join();
        file.sync();
        store.awaitCompaction();
        assertEquals(java.util.List.of(), failures);
        assertTrue(syncs.get() > 0);
        assertEquals(expected, new StateFile(dir).load().orElseThrow());
    }

    @Test
    void aTornLastRecordIsIgnoredAndTheVersionBeforeItServed() throws Exception {
        StateFile file = new StateFile(dir);
        AnswerState state = FeedCodec.fromSnapshot(full(1, exampleZone())).state();
        file.save(state);
        AnswerUpdate second = change(1, 2, zone("example.test.", rrset("a.example.test.", "A", 60, "192.0.2.2")));
        file.append(second);
        AnswerState expected = FeedCodec.applyChange(state, second).state();
        AnswerUpdate third = change(2, 3, zone("example.test.", rrset("b.example.test.", "A", 60, "192.0.2.3")));
        byte[] body = third.toByteArray();
        Path segment;
        try (Stream<Path> files = Files.list(dir)) {
            segment = files.filter(p -> p.getFileName().toString().startsWith(ChangeLog.PREFIX)).findFirst().orElseThrow();
        }
        // A crash in the middle of the third append: its header and half its body.
        java.nio.ByteBuffer torn = java.nio.ByteBuffer.allocate(8 + body.length / 2).putInt(body.length).putInt(0);
        torn.put(body, 0, body.length / 2);
        Files.write(segment, torn.array(), StandardOpenOption.APPEND);

        StateFile restarted = new StateFile(dir);
        assertEquals(expected, restarted.load().orElseThrow());
        // The next process appends to a new segment, and the chain continues from version 2.
        AnswerUpdate third2 = change(2, 3, zone("example.test.", rrset("c.example.test.", "A", 60, "192.0.2.4")));
        restarted.append(third2);
        assertEquals(FeedCodec.applyChange(expected, third2).state(), new StateFile(dir).load().orElseThrow());
    }

    @Test
    void aFullStateReplacesTheLog() throws Exception {
        StateFile file = new StateFile(dir);
        file.save(FeedCodec.fromSnapshot(full(1, exampleZone())).state());
        file.append(change(1, 2, zone("example.test.", rrset("a.example.test.", "A", 60, "192.0.2.2"))));
        AnswerState replaced = FeedCodec.fromSnapshot(full(5)).state();
        file.save(replaced);
        assertEquals(replaced, new StateFile(dir).load().orElseThrow());
        try (Stream<Path> files = Files.list(dir)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().startsWith(ChangeLog.PREFIX)));
        }
    }

    @Test
    void aChangeThatDoesNotFollowTheSnapshotEndsTheReplay() throws Exception {
        StateFile file = new StateFile(dir);
        AnswerState state = FeedCodec.fromSnapshot(full(1, exampleZone())).state();
        file.save(state);
        file.append(change(4, 5, zone("example.test.", rrset("a.example.test.", "A", 60, "192.0.2.2"))));
        assertEquals(state, new StateFile(dir).load().orElseThrow());
    }
}
