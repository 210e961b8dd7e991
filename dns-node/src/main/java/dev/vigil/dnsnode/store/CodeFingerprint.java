package dev.vigil.dnsnode.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * Names the code that compiled a set of answers, so that answers compiled by one build are never served by another
 * (which might compile them differently): a 64-bit checksum over every class of the dns-node and of dnsjava. For a
 * jar it is read from the jar's directory (each entry's name and CRC), so it costs no decompression; for a classes
 * folder (tests, IDEs) from the class files themselves. 0 when some code cannot be read (then nothing is cached).
 */
final class CodeFingerprint {

    private static volatile Long current;

    private CodeFingerprint() {}

    /** The fingerprint of the running dns-node and dnsjava, computed once. */
    static long current() {
        Long value = current;
        if (value == null) {
            value = of(WireIndex.class, org.xbill.DNS.Name.class);
            current = value;
        }
        return value;
    }

    /** The fingerprint of the code sources (jars or folders) the classes were loaded from; 0 when one is unknown. */
    static long of(Class<?>... classes) {
        Checksums sums = new Checksums();
        try {
            for (Class<?> c : classes) {
                CodeSource source = c.getProtectionDomain().getCodeSource();
                if (source == null || source.getLocation() == null) {
                    return 0;
                }
                add(Path.of(source.getLocation().toURI()), sums);
            }
        } catch (IOException | UncheckedIOException | URISyntaxException | IllegalArgumentException | SecurityException e) {
            return 0;
        }
        return sums.value();
    }

    /** Adds the jar or folder at {@code location}. */
    static void add(Path location, Checksums sums) throws IOException {
        if (Files.isDirectory(location)) {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(location)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path file : files) {
                sums.add(location.relativize(file).toString(), Files.readAllBytes(file));
            }
            return;
        }
        try (JarFile jar = new JarFile(location.toFile())) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                if (!entry.isDirectory()) {
                    sums.add(entry.getName(), entry.getCrc(), entry.getSize());
                }
            }
        }
    }

    /** Two independent 32-bit checksums over the same input, as one 64-bit value. */
    static final class Checksums {
        private final CRC32 first = new CRC32();
        private final CRC32C second = new CRC32C();

        void add(String name, byte[] content) {
            CRC32 crc = new CRC32();
            crc.update(content);
            add(name, crc.getValue(), content.length);
        }

        void add(String name, long crc, long size) {
            byte[] label = name.getBytes(StandardCharsets.UTF_8);
            byte[] numbers = ByteBuffer.allocate(16).putLong(crc).putLong(size).array();
            for (java.util.zip.Checksum sum : new java.util.zip.Checksum[] {first, second}) {
                sum.update(label);
                sum.update(numbers);
            }
        }

        long value() {
            long value = first.getValue() << 32 | second.getValue();
            return value == 0 ? 1 : value;
        }
    }
}
