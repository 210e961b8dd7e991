package dev.vigil.dnsnode.sync;

import static dev.vigil.dnsnode.Fixtures.await;
import static dev.vigil.dnsnode.Fixtures.change;
import static dev.vigil.dnsnode.Fixtures.exampleZone;
import static dev.vigil.dnsnode.Fixtures.full;
import static dev.vigil.dnsnode.Fixtures.query;
import static dev.vigil.dnsnode.Fixtures.rrset;
import static dev.vigil.dnsnode.Fixtures.zone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.dnsnode.resolve.Resolver;
import dev.vigil.dnsnode.store.AnswerStore;
import dev.vigil.dnsnode.store.StateFile;
import io.github.resilience4j.core.IntervalFunction;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

@Timeout(30)
class FeedSyncTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closeables.reversed()) {
            c.close();
        }
    }

    private FakeController controller() throws Exception {
        return controller(0);
    }

    private FakeController controller(int port) throws Exception {
        FakeController c = new FakeController(port);
        closeables.add(c);
        return c;
    }

    private AnswerStore store() {
        AnswerStore store = new AnswerStore(new StateFile(dir));
        store.loadPersisted();
        return store;
    }

    private FeedSync sync(AnswerStore store, FakeController... controllers) {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (FakeController c : controllers) {
            addresses.add(InetSocketAddress.createUnresolved("127.0.0.1", c.port()));
        }
        FeedSync sync = new FeedSync(addresses, "dns-test", new AnswerApplier(store), Clock.systemUTC(),
                IntervalFunction.of(Duration.ofMillis(50)));
        closeables.add(sync);
        sync.start();
        return sync;
    }

    private static void awaitVersion(AnswerStore store, long index) {
        await("version " + index, WAIT, () -> store.get().version().index() == index);
    }

    private static Message answer(AnswerStore store, String name, String type) {
        return Resolver.resolve(query(name, type), store.get());
    }

    @Test
    void acknowledgesEveryVersionItServesToTheController() throws Exception {
        FakeController controller = controller();
        AnswerStore store = store();
        sync(store, controller);
        controller.awaitSubscription(WAIT);

        controller.push(full(5, exampleZone()));
        var first = controller.awaitAck(WAIT);
        assertEquals("dns-test", first.getNodeId());
        assertEquals(5, first.getApplied().getIndex());
        assertTrue(first.getAppliedAtUnixMs() > 0);

        controller.push(change(5, 6, zone("example.test.", rrset("new.example.test.", "A", 60, "203.0.113.6"))));
        assertEquals(6, controller.awaitAck(WAIT).getApplied().getIndex());
        // an update it does not apply is acknowledged with the version it keeps serving
        controller.push(full(4, exampleZone()));
        assertEquals(6, controller.awaitAck(WAIT).getApplied().getIndex());
    }

    @Test
    void appliesFullSnapshotThenChanges() throws Exception {
        FakeController controller = controller();
        AnswerStore store = store();
        FeedSync sync = sync(store, controller);

        assertEquals(0, controller.awaitSubscription(WAIT).getHave().getIndex());
        controller.push(full(5, exampleZone()));
        awaitVersion(store, 5);
        await("connected", WAIT, () -> sync.connectedCount() == 1);

        controller.push(change(5, 6, zone("example.test.", rrset("new.example.test.", "A", 60, "203.0.113.6"))));
        awaitVersion(store, 6);
        assertEquals("203.0.113.6",
                answer(store, "new.example.test.", "A").getSection(Section.ANSWER).getFirst().rdataToString());
        assertEquals(Rcode.NOERROR, answer(store, "www.example.test.", "A").getRcode(), "rest of the zone kept");
    }

    @Test
    void ignoresOlderVersions() throws Exception {
        FakeController controller = controller();
        AnswerStore store = store();
        sync(store, controller);
        controller.awaitSubscription(WAIT);
        controller.push(full(8, exampleZone()));
        awaitVersion(store, 8);

        controller.push(full(3, zone("example.test.", rrset("old.example.test.", "A", 60, "192.0.2.99"))));
        controller.push(change(8, 9, zone("example.test.", rrset("later.example.test.", "A", 60, "192.0.2.10"))));
        awaitVersion(store, 9); // the stream is ordered: the older snapshot was seen and ignored before this

        assertEquals(Rcode.NXDOMAIN, answer(store, "old.example.test.", "A").getRcode());
        assertEquals(Rcode.NOERROR, answer(store, "www.example.test.", "A").getRcode());
    }

    @Test
    void changeOnAnUnknownBaseTriggersResubscribeAndFullSnapshot() throws Exception {
        FakeController controller = controller();
        AnswerStore store = store();
        sync(store, controller);
        controller.awaitSubscription(WAIT);
        controller.push(full(5, exampleZone()));
        awaitVersion(store, 5);

        controller.push(change(7, 8, zone("example.test.", rrset("skipped.example.test.", "A", 60, "192.0.2.8"))));

        assertEquals(5, controller.awaitSubscription(WAIT).getHave().getIndex(), "resubscribes with what it has");
        assertEquals(5, store.get().version().index(), "the change was not applied");
        controller.push(full(8, exampleZone(), zone("example.test.",
                rrset("skipped.example.test.", "A", 60, "192.0.2.8"))));
        awaitVersion(store, 8);
        assertEquals(Rcode.NOERROR, answer(store, "skipped.example.test.", "A").getRcode());
    }

    @Test
    void everyControllerCanAdvanceTheVersion() throws Exception {
        FakeController a = controller();
        FakeController b = controller();
        AnswerStore store = store();
        FeedSync sync = sync(store, a, b);
        a.awaitSubscription(WAIT);
        b.awaitSubscription(WAIT);

        a.push(full(5, exampleZone()));
        awaitVersion(store, 5);
        b.push(full(5, exampleZone())); // same version from the other one: nothing to do
        b.push(change(5, 6, zone("example.test.", rrset("b.example.test.", "A", 60, "192.0.2.66"))));
        awaitVersion(store, 6);
        assertEquals(Rcode.NOERROR, answer(store, "b.example.test.", "A").getRcode());
        await("both connected", WAIT, () -> sync.connectedCount() == 2);
    }

    @Test
    void keepsAnsweringWhenTheControllerStopsAndReconnectsWhenItReturns() throws Exception {
        FakeController controller = controller();
        int port = controller.port();
        AnswerStore store = store();
        FeedSync sync = sync(store, controller);
        controller.awaitSubscription(WAIT);
        controller.push(full(5, exampleZone()));
        awaitVersion(store, 5);

        controller.close();
        await("disconnected", WAIT, () -> sync.connectedCount() == 0);
        assertEquals(Rcode.NOERROR, answer(store, "www.example.test.", "A").getRcode());
        assertNotNull(sync.lastContact());

        FakeController restarted = controller(port);
        assertEquals(5, restarted.awaitSubscription(WAIT).getHave().getIndex(), "reconnects with its version");
        restarted.push(change(5, 6, zone("example.test.", rrset("back.example.test.", "A", 60, "192.0.2.6"))));
        awaitVersion(store, 6);
    }

    @Test
    void restartedNodeServesPersistedStateWithoutAnyController() throws Exception {
        FakeController controller = controller();
        AnswerStore store = store();
        FeedSync sync = sync(store, controller);
        controller.awaitSubscription(WAIT);
        controller.push(full(5, exampleZone()));
        controller.push(change(5, 6, zone("example.test.", rrset("new.example.test.", "A", 60, "203.0.113.6"))));
        awaitVersion(store, 6);
        sync.close();
        controller.close();

        AnswerStore restarted = new AnswerStore(new StateFile(dir));
        assertNull(restarted.get().zoneFor(org.xbill.DNS.Name.fromConstantString("www.example.test.")));
        assertEquals(6, restarted.loadPersisted().orElseThrow().index());
        assertEquals("203.0.113.6",
                answer(restarted, "new.example.test.", "A").getSection(Section.ANSWER).getFirst().rdataToString());
    }
}
