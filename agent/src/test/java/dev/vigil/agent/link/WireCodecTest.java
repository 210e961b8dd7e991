package dev.vigil.agent.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.agent.assignment.AssignmentUpdate;
import dev.vigil.agent.probe.Check;
import dev.vigil.agent.probe.FailureKind;
import dev.vigil.agent.probe.Latency;
import dev.vigil.agent.probe.Observation;
import dev.vigil.agent.probe.ProbeResult;
import dev.vigil.agent.probe.ProbeSpec;
import dev.vigil.proto.agent.v1.Assignment;
import dev.vigil.proto.agent.v1.CheckSpec;
import dev.vigil.proto.agent.v1.HttpProbe;
import dev.vigil.proto.agent.v1.Target;
import dev.vigil.proto.agent.v1.TcpProbe;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class WireCodecTest {

  private static CheckSpec.Builder valid() {
    return CheckSpec.newBuilder().setId("c1").setRequestIntervalSeconds(10).setMeasureLatency(true)
        .setHttp(HttpProbe.newBuilder().setTls(true).setResourcePath("/h").setSearchString("ok").setEnableSni(true))
        .setTarget(Target.newBuilder().setFqdn("www.example.com").setPort(8443));
  }

  @Test
  void convertsHttpCheckSpec() throws Exception {
    Check c = WireCodec.check(valid().build());
    assertEquals(new ProbeSpec.Http(true, "/h", "ok", true, false), c.spec());
    assertEquals("www.example.com", c.target().fqdn());
    assertEquals(8443, c.target().port());
    assertEquals(Duration.ofSeconds(10), c.interval());
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(valid().setId("")),
        Arguments.of(valid().setRequestIntervalSeconds(0)),
        Arguments.of(valid().setTarget(Target.newBuilder().setFqdn("x").setPort(0))),
        Arguments.of(valid().setTarget(Target.newBuilder().setPort(80))),
        Arguments.of(valid().setTarget(Target.newBuilder().setIpAddress("not-an-ip").setPort(80))),
        Arguments.of(valid().clearHttp()),
        Arguments.of(valid().setHttp(HttpProbe.newBuilder().setResourcePath("/a b"))));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void rejectsChecksItCannotRun(CheckSpec.Builder spec) {
    assertThrows(WireCodec.InvalidCheck.class, () -> WireCodec.check(spec.build()));
  }

  @Test
  void leavesInvalidChecksOutAndRemovesThemInChanges() {
    Assignment a = Assignment.newBuilder().setVersion(4).setFull(false)
        .addUpserts(valid().setId("good"))
        .addUpserts(valid().setId("bad").setRequestIntervalSeconds(0))
        .addUpserts(CheckSpec.newBuilder().setId("tcp").setTcp(TcpProbe.getDefaultInstance())
            .setRequestIntervalSeconds(1).setTarget(Target.newBuilder().setIpAddress("::1").setPort(22)))
        .addRemovedCheckIds("gone")
        .build();
    AssignmentUpdate u = WireCodec.update(a);
    assertEquals(List.of("good", "tcp"), u.upserts().stream().map(Check::id).toList());
    assertEquals(List.of("gone", "bad"), u.removedCheckIds());
    assertEquals(4, u.version());
  }

  @ParameterizedTest
  @EnumSource(FailureKind.class)
  void mapsEveryFailureKindToTheProtoKindOfTheSameName(FailureKind kind) {
    var proto = WireCodec.failure(kind);
    assertEquals(kind == FailureKind.NONE ? "FAILURE_KIND_UNSPECIFIED" : kind.name(), proto.name());
  }

  @Test
  void encodesObservation() {
    ProbeResult r = ProbeResult.failed(FailureKind.BAD_STATUS, "HTTP 503", "192.0.2.1", 503,
        new Latency(10, 20, 30, 5_000_000_000L), 1234);
    var o = WireCodec.observation(new Observation("c1", 99, r));
    assertEquals("c1", o.getCheckId());
    assertEquals(99, o.getObservedAtUnixMs());
    assertEquals(dev.vigil.proto.agent.v1.FailureKind.BAD_STATUS, o.getFailure());
    assertEquals(503, o.getStatusCode());
    assertEquals(1234, o.getCertificateNotAfterUnixMs());
    assertEquals(-1, o.getLatency().getTotalUs(), "saturates at uint32 max");
    assertEquals(30, o.getLatency().getFirstByteUs());
  }

  @Test
  void truncatesDetailTo256Characters() {
    char[] longText = new char[1000];
    Arrays.fill(longText, 'x');
    ProbeResult r = ProbeResult.failed(FailureKind.NETWORK_ERROR, new String(longText), "", 0, null, 0);
    assertEquals(256, WireCodec.observation(new Observation("c", 1, r)).getDetail().length());
  }
}
