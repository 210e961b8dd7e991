package dev.vigil.agent.canary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.agent.probe.Check;
import dev.vigil.agent.probe.ProbeSpec;
import dev.vigil.agent.probe.Target;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CanariesTest {

  static Stream<Arguments> urls() {
    return Stream.of(
        Arguments.of("http://127.0.0.1:8080/ping", false, new Target("127.0.0.1", "", 8080), "/ping"),
        Arguments.of("https://example.com", true, new Target("", "example.com", 443), "/"),
        Arguments.of("http://example.com/a?b=c", false, new Target("", "example.com", 80), "/a?b=c"),
        Arguments.of("http://[::1]:81/", false, new Target("::1", "", 81), "/"));
  }

  @ParameterizedTest
  @MethodSource("urls")
  void urlBecomesAnHttpCheck(String url, boolean tls, Target target, String path) {
    Check c = Canaries.check(url, Duration.ofSeconds(10));
    ProbeSpec.Http spec = (ProbeSpec.Http) c.spec();
    assertEquals(tls, spec.tls());
    assertEquals(target, c.target());
    assertEquals(path, spec.resourcePath());
    assertEquals("", spec.searchString());
    assertEquals(Duration.ofSeconds(10), c.interval());
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://x/", "http://", "not a url", "http://u:p@x/", "x/y"})
  void rejectsWhatCannotBeProbed(String url) {
    assertThrows(Canaries.BadCanary.class, () -> Canaries.check(url, Duration.ofSeconds(10)));
  }
}
