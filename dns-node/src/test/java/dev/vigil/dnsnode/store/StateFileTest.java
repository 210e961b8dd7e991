package dev.vigil.dnsnode.store;

import static dev.vigil.dnsnode.Fixtures.exampleZone;
import static dev.vigil.dnsnode.Fixtures.full;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

@Timeout(10)
class StateFileTest {

    @TempDir
    Path dir;

    @Test
    void savedStateLoadsBackIdentical() throws Exception {
        AnswerState state = FeedCodec.fromSnapshot(full(12, exampleZone())).state();
        StateFile file = new StateFile(dir.resolve("nested"));
        file.save(state);

        assertEquals(Optional.of(state), new StateFile(dir.resolve("nested")).load());
        assertFalse(Files.exists(dir.resolve("nested").resolve(StateFile.FILE_NAME + ".tmp")), "temp file renamed away");
    }

    @Test
    void laterSaveReplacesEarlier() throws Exception {
        StateFile file = new StateFile(dir);
        file.save(FeedCodec.fromSnapshot(full(1, exampleZone())).state());
        file.save(FeedCodec.fromSnapshot(full(2)).state());
        AnswerState loaded = file.load().orElseThrow();
        assertEquals(2, loaded.version().index());
        assertTrue(loaded.zones().isEmpty());
    }

    @Test
    void missingFileIsNoState() {
        assertEquals(Optional.empty(), new StateFile(dir).load());
    }

    @Test
    void corruptFileIsNoStateNotACrash() throws Exception {
        Files.write(dir.resolve(StateFile.FILE_NAME), new byte[] {(byte) 0xFF, 0x13, 0x37, 0x00, 0x42});
        assertEquals(Optional.empty(), new StateFile(dir).load());
    }

    @Test
    void fileThatIsNotAFullSnapshotIsNoState() throws Exception {
        Files.write(dir.resolve(StateFile.FILE_NAME), full(3).toBuilder().setFull(false).build().toByteArray());
        assertEquals(Optional.empty(), new StateFile(dir).load());
    }

    @Test
    void storeServesPersistedStateAndPersistsInstalledOnes() {
        AnswerStore store = new AnswerStore(new StateFile(dir));
        assertEquals(Optional.empty(), store.loadPersisted());
        assertFalse(store.hasState());

        store.install(FeedCodec.fromSnapshot(full(4, exampleZone())).state());

        AnswerStore restarted = new AnswerStore(new StateFile(dir));
        assertEquals(4, restarted.loadPersisted().orElseThrow().index());
        assertTrue(restarted.hasState());
        assertTrue(restarted.get().zoneFor(Name.fromConstantString("www.example.test.")) != null);
    }
}
