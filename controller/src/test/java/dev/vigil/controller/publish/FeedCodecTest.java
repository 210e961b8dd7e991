package dev.vigil.controller.publish;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.controller.Fixtures;
import dev.vigil.controller.answers.AnswerDiff;
import dev.vigil.controller.answers.AnswerSet;
import dev.vigil.controller.answers.AnswerCompiler;
import dev.vigil.controller.cluster.AnswerVersion;
import dev.vigil.controller.model.CheckHealth;
import dev.vigil.proto.feed.v1.AnswerUpdate;
import dev.vigil.proto.feed.v1.RRset;
import dev.vigil.proto.feed.v1.ZoneUpdate;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

class FeedCodecTest {

  static final Instant NOW = Instant.ofEpochMilli(1_900_000_000_000L);

  static AnswerSet answers(boolean webHealthy) {
    return AnswerCompiler.compile(Fixtures.failoverState(),
        Map.of("web", new CheckHealth("web", webHealthy, Instant.EPOCH, "")));
  }

  static RRset rrset(ZoneUpdate zone, String name, int type) {
    return zone.getUpsertsList().stream()
        .filter(r -> r.getName().equals(name) && r.getType() == type).findFirst().orElseThrow();
  }

  @Test
  void fullUpdateCarriesEveryZoneAndRRsetWithWireRdata() throws Exception {
    AnswerUpdate full = FeedCodec.full(answers(true), new AnswerVersion(2, 11), NOW);

    assertTrue(full.getFull());
    assertFalse(full.hasBase());
    assertEquals(11, full.getVersion().getIndex());
    assertEquals(2, full.getVersion().getTerm());
    assertEquals(NOW.toEpochMilli(), full.getProducedAtUnixMs());
    ZoneUpdate zone = full.getZones(0);
    assertEquals("example.test.", zone.getOrigin());
    // www A, info TXT, generated SOA and NS
    assertEquals(4, zone.getUpsertsCount());
    RRset www = rrset(zone, "www.example.test.", Type.A);
    assertEquals(60, www.getTtl());
    assertArrayEquals(InetAddress.getByName("192.0.2.1").getAddress(), www.getRdata(0).toByteArray());
    assertEquals(1, rrset(zone, "example.test.", Type.SOA).getRdataCount());
  }

  @Test
  void changeCarriesOnlyChangedRRsetsAndBase() throws Exception {
    AnswerDiff diff = AnswerDiff.between(answers(true), answers(false));

    AnswerUpdate change = FeedCodec.change(diff, new AnswerVersion(2, 11), new AnswerVersion(2, 12), NOW);

    assertFalse(change.getFull());
    assertEquals(11, change.getBase().getIndex());
    assertEquals(12, change.getVersion().getIndex());
    assertEquals(1, change.getZonesCount());
    RRset www = change.getZones(0).getUpserts(0);
    assertEquals(1, change.getZones(0).getUpsertsCount());
    assertArrayEquals(InetAddress.getByName("192.0.2.2").getAddress(), www.getRdata(0).toByteArray());
  }

  @Test
  void removedZoneIsListed() {
    AnswerDiff diff = AnswerDiff.between(answers(true), AnswerSet.EMPTY);

    AnswerUpdate change = FeedCodec.change(diff, new AnswerVersion(1, 1), new AnswerVersion(1, 2), NOW);

    assertEquals(List.of("example.test."), change.getRemovedZonesList());
    assertEquals(0, change.getZonesCount());
  }
}
