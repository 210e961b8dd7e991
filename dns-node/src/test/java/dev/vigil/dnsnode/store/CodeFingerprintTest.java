package dev.vigil.dnsnode.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Answers compiled by one build must never be served by another: any changed class changes the fingerprint. */
@Timeout(30)
class CodeFingerprintTest {

    @TempDir
    Path dir;

    private static long of(Path location) throws IOException {
        CodeFingerprint.Checksums sums = new CodeFingerprint.Checksums();
        CodeFingerprint.add(location, sums);
        return sums.value();
    }

    private Path jar(String name, Map<String, String> entries) throws IOException {
        Path jar = dir.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Map.Entry<String, String> e : new java.util.TreeMap<>(entries).entrySet()) {
                out.putNextEntry(new JarEntry(e.getKey()));
                out.write(e.getValue().getBytes());
                out.closeEntry();
            }
        }
        return jar;
    }

    private Path folder(String name, Map<String, String> files) throws IOException {
        Path root = dir.resolve(name);
        for (Map.Entry<String, String> e : files.entrySet()) {
            Path file = root.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
        }
        return root;
    }

    @Test
    void theSameJarContentGivesTheSameFingerprint() throws IOException {
        Map<String, String> classes = Map.of("a/A.class", "one", "a/B.class", "two");
        assertEquals(of(jar("x.jar", classes)), of(jar("y.jar", classes)));
    }

    @Test
    void aChangedRenamedAddedOrRemovedClassChangesAJarsFingerprint() throws IOException {
        long base = of(jar("base.jar", Map.of("a/A.class", "one", "a/B.class", "two")));
        assertNotEquals(base, of(jar("changed.jar", Map.of("a/A.class", "one", "a/B.class", "tw0"))));
        assertNotEquals(base, of(jar("renamed.jar", Map.of("a/A.class", "one", "a/C.class", "two"))));
        assertNotEquals(base, of(jar("added.jar", Map.of("a/A.class", "one", "a/B.class", "two", "a/C.class", ""))));
        assertNotEquals(base, of(jar("removed.jar", Map.of("a/A.class", "one"))));
    }

    @Test
    void aClassesFolderIsFingerprintedByContent() throws IOException {
        long base = of(folder("f1", Map.of("a/A.class", "one", "a/b/B.class", "two")));
        assertEquals(base, of(folder("f2", Map.of("a/A.class", "one", "a/b/B.class", "two"))));
        assertNotEquals(base, of(folder("f3", Map.of("a/A.class", "one", "a/b/B.class", "twO"))));
        assertNotEquals(base, of(folder("f4", Map.of("a/A.class", "one", "a/c/B.class", "two"))));
    }

    @Test
    void theRunningCodeHasAFingerprint() {
        assertNotEquals(0, CodeFingerprint.current());
        assertEquals(CodeFingerprint.current(), CodeFingerprint.of(WireIndex.class, org.xbill.DNS.Name.class));
        assertNotEquals(CodeFingerprint.of(WireIndex.class), CodeFingerprint.of(org.xbill.DNS.Name.class));
    }

    @Test
    void codeOfUnknownOriginHasNone() {
        assertEquals(0, CodeFingerprint.of(String.class)); // the JDK's own classes: no code source
    }
}
