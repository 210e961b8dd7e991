package dev.vigil.controller.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CidrTest {

  @ParameterizedTest
  @CsvSource({
      "192.0.2.0/24, 192.0.2.0/24",
      "192.0.2.7, 192.0.2.7/32",
      "0.0.0.0/0, 0.0.0.0/0",
      "2001:DB8::/32, 2001:db8::/32",
      "2001:db8:0:0:1:0:0:0/80, 2001:db8:0:0:1::/80",
      "::/0, ::/0",
      "::1, ::1/128",
      "2001:0:0:1:0:0:0:0/64, 2001:0:0:1::/64"})
  void printsTheCanonicalForm(String text, String canonical) {
    assertEquals(canonical, Cidr.parse(text).toString());
    assertEquals(Cidr.parse(text), Cidr.parse(canonical));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "192.0.2.1/24 | '192.0.2.1/24' has host bits set (did you mean 192.0.2.0/24?)",
      "192.0.2.0/33 | '192.0.2.0/33': prefix length must be 0-32",
      "2001:db8::/129 | '2001:db8::/129': prefix length must be 0-128",
      "example.test/24 | 'example.test/24' is not a CIDR block, e.g. 192.0.2.0/24 or 2001:db8::/32",
      "10.1/16 | '10.1/16' is not a CIDR block, e.g. 192.0.2.0/24 or 2001:db8::/32",
      "::ffff:10.0.0.0/104 | '::ffff:10.0.0.0/104' is an IPv4-mapped address; write it as IPv4"})
  void refusesWhatIsNoNetwork(String text, String message) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, () -> Cidr.parse(text)).getMessage());
  }

  @Test
  void containsItsHostsOnly() throws Exception {
    Cidr net = Cidr.parse("10.1.0.0/16");
    assertTrue(net.contains(InetAddress.getByName("10.1.255.1").getAddress()));
    assertFalse(net.contains(InetAddress.getByName("10.2.0.1").getAddress()));
    assertFalse(net.contains(InetAddress.getByName("::a01:1").getAddress()), "another family");
    assertTrue(net.encloses(Cidr.parse("10.1.2.0/24")));
    assertFalse(Cidr.parse("10.1.2.0/24").encloses(net));
  }
}
