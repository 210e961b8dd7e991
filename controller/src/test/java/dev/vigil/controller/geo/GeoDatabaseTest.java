package dev.vigil.controller.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.maxmind.db.Reader;
import dev.vigil.controller.config.GeoDatabase;
import dev.vigil.controller.model.GeoLocation;
import dev.vigil.controller.model.RoutingConfig.GeoNetwork;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The test MMDB writer against MaxMind's reader, and the conversion to the networks routing needs. */
@Timeout(20)
class GeoDatabaseTest {

  @TempDir Path dir;

  Path write(MmdbWriter writer) throws IOException {
    Path file = dir.resolve("geo-" + System.nanoTime() + ".mmdb");
    writer.write(file);
    return file;
  }

  static List<GeoNetwork> sorted(List<GeoNetwork> networks) {
    return networks.stream().sorted(Comparator.comparing(GeoNetwork::cidr)).toList();
  }

  @Test
  void maxMindsReaderReadsWhatTheWriterWrites() throws Exception {
    Path file = write(new MmdbWriter(6)
        .insert("192.0.2.0/24", MmdbWriter.location("EU", "DE", "BY"))
        .insert("2001:db8::/32", Map.of("n", 7, "big", 5_000_000_000L, "ok", true, "list", List.of("a", "b".repeat(40)))));
    try (Reader reader = new Reader(file.toFile())) {
      assertEquals(6, reader.getMetadata().getIpVersion());
      Map<?, ?> de = reader.get(InetAddress.getByName("192.0.2.77"), Map.class);
      assertEquals("DE", ((Map<?, ?>) de.get("country")).get("iso_code"));
      Map<?, ?> v6 = reader.get(InetAddress.getByName("2001:db8::1"), Map.class);
      assertEquals(7L, v6.get("n"));
      assertEquals(true, v6.get("ok"));
      assertEquals(List.of("a", "b".repeat(40)), v6.get("list"));
      assertEquals(null, reader.get(InetAddress.getByName("198.51.100.1"), Map.class));
    }
  }

  @Test
  void keepsOnlyNetworksAndCodesThatSomeRecordSetUses() throws Exception {
    Path file = write(new MmdbWriter(4)
        .insert("10.0.0.0/16", MmdbWriter.location("EU", "DE", "BY"))
        .insert("10.1.0.0/16", MmdbWriter.location("EU", "DE", "BE"))
        .insert("10.2.0.0/16", MmdbWriter.location("EU", "FR", ""))
        .insert("10.3.0.0/16", MmdbWriter.location("NA", "US", "CA"))
        .insert("10.4.0.0/16", MmdbWriter.location("AS", "JP", "")));
    List<GeoNetwork> networks = GeoDatabase.networks(file, Set.of(GeoLocation.continent("EU"),
        GeoLocation.subdivision("US", "CA"), GeoLocation.country("JP"), GeoLocation.DEFAULT));
    assertEquals(List.of(
        new GeoNetwork("10.0.0.0/15", new GeoLocation("EU", "", "")),
        new GeoNetwork("10.2.0.0/16", new GeoLocation("EU", "", "")),
        new GeoNetwork("10.3.0.0/16", new GeoLocation("", "US", "CA")),
        new GeoNetwork("10.4.0.0/16", new GeoLocation("", "JP", ""))), sorted(networks));
  }

  @Test
  void ipv4NetworksOfAnIpv6DatabaseComeBackAsIpv4() throws Exception {
    Path file = write(new MmdbWriter(6)
        .insert("10.0.0.0/8", MmdbWriter.location("EU", "DE", ""))
        .insert("2001:db8::/32", MmdbWriter.location("EU", "DE", "")));
    assertEquals(List.of(new GeoNetwork("10.0.0.0/8", GeoLocation.country("DE")),
        new GeoNetwork("2001:db8::/32", GeoLocation.country("DE"))),
        sorted(GeoDatabase.networks(file, Set.of(GeoLocation.country("DE")))));
  }

  @Test
  void onlyTheDefaultLocationNeedsNoNetworks() throws Exception {
    Path file = write(new MmdbWriter(4).insert("10.0.0.0/8", MmdbWriter.location("EU", "DE", "")));
    assertEquals(List.of(), GeoDatabase.networks(file, Set.of(GeoLocation.DEFAULT)));
  }

  @Test
  void aFileThatIsNoDatabaseIsAnIoException() throws Exception {
    Path junk = Files.writeString(dir.resolve("junk.mmdb"), "hello");
    assertThrows(IOException.class, () -> GeoDatabase.networks(junk, Set.of(GeoLocation.country("DE"))));
  }

  @Test
  void neighboursWithTheSameLocationMergeIntoTheirParent() throws Exception {
    Path file = write(new MmdbWriter(4)
        .insert("10.0.0.0/24", MmdbWriter.location("EU", "DE", "BY"))
        .insert("10.0.1.0/24", MmdbWriter.location("EU", "DE", "BE"))
        .insert("10.0.2.0/23", MmdbWriter.location("EU", "FR", ""))
        .insert("10.0.4.0/24", MmdbWriter.location("EU", "DE", ""))
        .insert("10.0.6.0/24", MmdbWriter.location("EU", "DE", ""))
        .insert("10.0.7.0/24", MmdbWriter.location("EU", "AT", "")));
    assertEquals(List.of(
        new GeoNetwork("10.0.0.0/22", GeoLocation.continent("EU")),
        new GeoNetwork("10.0.4.0/24", GeoLocation.continent("EU")),
        new GeoNetwork("10.0.6.0/23", GeoLocation.continent("EU"))),
        GeoDatabase.networks(file, Set.of(GeoLocation.continent("EU"))),
        "10.0.5.0/24 is not in the database, so 10.0.4.0/22 cannot form");
    assertEquals(List.of(
        new GeoNetwork("10.0.0.0/23", new GeoLocation("EU", "", "")),
        new GeoNetwork("10.0.2.0/23", new GeoLocation("EU", "FR", "")),
        new GeoNetwork("10.0.4.0/24", new GeoLocation("EU", "", "")),
        new GeoNetwork("10.0.6.0/23", new GeoLocation("EU", "", ""))),
        GeoDatabase.networks(file, Set.of(GeoLocation.continent("EU"), GeoLocation.country("FR"))));
  }
}
