package dev.vigil.controller.config;

import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.Networks;
import com.maxmind.db.Reader;
import dev.vigil.controller.model.Cidr;
import dev.vigil.controller.model.GeoLocation;
import dev.vigil.controller.model.RoutingConfig.GeoNetwork;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts a MaxMind DB (GeoIP2/GeoLite2 Country or City layout: {@code continent.code}, {@code country.iso_code},
 * {@code subdivisions[0].iso_code}) into the networks whose location some record set uses. A network keeps only the
 * codes that matter (its continent if a record set names it, its country if one names that, its subdivision likewise),
 * so clients of places no record set names are left out and get the default.
 */
public final class GeoDatabase {

  private GeoDatabase() {}

  /**
   * @param used the GeoLocations of the record sets (the default location is ignored)
   * @throws IOException when the file is not a readable MaxMind DB
   */
  public static List<GeoNetwork> networks(Path file, Set<GeoLocation> used) throws IOException {
    Set<String> continents = new HashSet<>();
    Set<String> countries = new HashSet<>();
    Set<String> subdivisions = new HashSet<>();
    for (GeoLocation location : used) {
      if (location.isDefault()) {
        continue;
      }
      if (!location.continentCode().isEmpty()) {
        continents.add(location.continentCode());
      } else if (location.subdivisionCode().isEmpty()) {
        countries.add(location.countryCode());
      } else {
        subdivisions.add(location.countryCode() + "/" + location.subdivisionCode());
      }
    }
    List<GeoNetwork> networks = new ArrayList<>();
    if (continents.isEmpty() && countries.isEmpty() && subdivisions.isEmpty()) {
      return networks;
    }
    List<Located> merged = new ArrayList<>();
    try (Reader reader = new Reader(file.toFile())) {
      Networks<Map> all = reader.networks(false, Map.class);
      while (all.hasNext()) {
        DatabaseRecord<Map> record = all.next();
        GeoLocation found = location(record.getData());
        String continent = continents.contains(found.continentCode()) ? found.continentCode() : "";
        String country = countries.contains(found.countryCode())
            || subdivisions.contains(found.countryCode() + "/" + found.subdivisionCode()) ? found.countryCode() : "";
        String subdivision = subdivisions.contains(found.countryCode() + "/" + found.subdivisionCode())
            ? found.subdivisionCode() : "";
        if (continent.isEmpty() && country.isEmpty()) {
          continue;
        }
        Cidr cidr = cidr(record.getNetwork().getNetworkAddress(), record.getNetwork().getPrefixLength());
        add(merged, cidr, new GeoLocation(continent, country, subdivision));
      }
      merged.forEach(n -> networks.add(new GeoNetwork(n.cidr().toString(), n.location())));
    } catch (com.maxmind.db.InvalidNetworkException | RuntimeException e) { // a corrupt tree: unchecked exceptions
      throw new IOException("not a valid MaxMind DB: " + e.getMessage(), e);
    }
    return networks;
  }

  private record Located(Cidr cidr, GeoLocation location) {}

  /**
   * Appends a network (they come in address order) and merges it with its sibling while both halves of a parent
   * have the same location: dropping the codes no record set needs makes many neighbours equal.
   */
  static void add(List<Located> networks, Cidr cidr, GeoLocation location) {
    Located next = new Located(cidr, location);
    while (!networks.isEmpty()) {
      Located last = networks.getLast();
      Cidr parent = siblingsParent(last.cidr(), next.cidr());
      if (parent == null || !last.location().equals(next.location())) {
        break;
      }
      networks.removeLast();
      next = new Located(parent, location);
    }
    networks.add(next);
  }

  /** The parent of {@code low} and {@code high} when they are its two halves, else null. */
  private static Cidr siblingsParent(Cidr low, Cidr high) {
    if (low.prefixLength() != high.prefixLength() || low.prefixLength() == 0 || low.isIpv4() != high.isIpv4()) {
      return null;
    }
    Cidr parent = Cidr.of(low.address(), low.prefixLength() - 1);
    boolean halves = parent.equals(Cidr.of(high.address(), high.prefixLength() - 1)) && !low.equals(high)
        && java.util.Arrays.equals(parent.address(), low.address());
    return halves ? parent : null;
  }

  /** An IPv4 network in an IPv6 database (under ::/96) comes back as IPv4. */
  static Cidr cidr(InetAddress address, int prefixLength) {
    byte[] bytes = address.getAddress();
    if (bytes.length == 16 && prefixLength >= 96 && isZero(bytes, 12)) {
      byte[] v4 = new byte[4];
      System.arraycopy(bytes, 12, v4, 0, 4);
      return Cidr.of(v4, prefixLength - 96);
    }
    return Cidr.of(bytes, prefixLength);
  }

  private static boolean isZero(byte[] bytes, int length) {
    for (int i = 0; i < length; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return true;
  }

  @SuppressWarnings("rawtypes")
  private static GeoLocation location(Map data) {
    if (data == null) {
      return new GeoLocation("", "", "");
    }
    String continent = code(data.get("continent"), "code");
    Object country = data.containsKey("country") ? data.get("country") : data.get("registered_country");
    String countryCode = code(country, "iso_code");
    String subdivision = "";
    if (data.get("subdivisions") instanceof List<?> list && !list.isEmpty()) {
      subdivision = code(list.getFirst(), "iso_code");
    }
    return new GeoLocation(continent, countryCode, subdivision);
  }

  private static String code(Object map, String key) {
    return map instanceof Map<?, ?> m && m.get(key) instanceof String s ? s : "";
  }
}
