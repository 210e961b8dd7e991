package dev.vigil.controller.cluster;

import dev.vigil.controller.answers.AnswerRRset;
import dev.vigil.controller.answers.AnswerSet;
import dev.vigil.controller.answers.RRsetKey;
import dev.vigil.controller.answers.SelectiveRRset;
import dev.vigil.controller.answers.ZoneAnswers;
import dev.vigil.controller.model.AliasTarget;
import dev.vigil.controller.model.AllUnhealthy;
import dev.vigil.controller.model.GeoLocation;
import dev.vigil.controller.model.RecordSet;
import dev.vigil.controller.model.Routing;
import dev.vigil.controller.model.RoutingConfig;
import dev.vigil.controller.model.RoutingConfig.CidrCollection;
import dev.vigil.controller.model.RoutingConfig.CidrLocation;
import dev.vigil.controller.model.RoutingConfig.GeoNetwork;
import dev.vigil.controller.model.RoutingConfig.LatencyRegion;
import dev.vigil.proto.cluster.v1.CidrRoutingConfig;
import dev.vigil.controller.publish.FeedCodec;
import dev.vigil.controller.routing.GroupKey;
import dev.vigil.controller.routing.Router;
import dev.vigil.proto.cluster.v1.ResourceRecordSet;
import dev.vigil.proto.feed.v1.ZoneUpdate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * {@link StateCodec}'s part for routing policies: record sets' routing fields, the routing tables, and the answers
 * that serve-last-healthy groups keep.
 */
final class RoutingCodec {

  private RoutingCodec() {}

  static void addRouting(ResourceRecordSet.Builder b, RecordSet r) {
    switch (r.routing()) {
      case Routing.None ignored -> { }
      case Routing.Weighted w -> b.setWeight(w.weight());
      case Routing.Latency l -> b.setRegion(l.region());
      case Routing.Geo g -> b.setGeoLocation(toProto(g.location()));
      case Routing.Cidr c -> b.setCidrRoutingConfig(
          CidrRoutingConfig.newBuilder().setCollectionId(c.collectionId()).setLocationName(c.locationName()));
      case Routing.MultiValue ignored -> b.setMultiValueAnswer(true);
    }
    r.aliasTarget().ifPresent(a -> b.setAliasTarget(dev.vigil.proto.cluster.v1.AliasTarget.newBuilder()
        .setHostedZoneId(a.hostedZoneId()).setDnsName(a.dnsName()).setEvaluateTargetHealth(a.evaluateTargetHealth())));
    if (r.allUnhealthy() != AllUnhealthy.SERVE_ALL) {
      b.setAllUnhealthy(r.allUnhealthy().text());
    }
  }

  /** The answers of groups that keep their earlier answers now (AllUnhealthy serve-last-healthy, all unhealthy). */
  static List<ZoneUpdate> keptAnswers(ControllerState state) {
    boolean any = state.desired().hostedZones().stream().flatMap(z -> z.recordSets().stream())
        .anyMatch(r -> r.allUnhealthy() == AllUnhealthy.SERVE_LAST_HEALTHY);
    if (!any) {
      return List.of();
    }
    Router router = new Router(state.desired(), state.health());
    Map<Name, Map<RRsetKey, AnswerRRset>> rrsets = new TreeMap<>();
    Map<Name, Map<RRsetKey, SelectiveRRset>> selective = new TreeMap<>();
    for (GroupKey group : router.groups()) {
      if (!router.keepsPrevious(group)) {
        continue;
      }
      Name origin = Name.fromConstantString(group.zone());
      ZoneAnswers zone = state.answers().zones().get(origin);
      RRsetKey key = new RRsetKey(Name.fromConstantString(group.name()), Type.value(group.type()));
      if (zone != null && zone.rrsets().containsKey(key)) {
        rrsets.computeIfAbsent(origin, o -> new HashMap<>()).put(key, zone.rrsets().get(key));
      } else if (zone != null && zone.selective().containsKey(key)) {
        selective.computeIfAbsent(origin, o -> new HashMap<>()).put(key, zone.selective().get(key));
      }
    }
    Set<Name> origins = new TreeSet<>(rrsets.keySet());
    origins.addAll(selective.keySet());
    return origins.stream().map(o -> FeedCodec.zone(new ZoneAnswers(o, rrsets.getOrDefault(o, Map.of()),
        selective.getOrDefault(o, Map.of())))).toList();
  }

  static AnswerSet keptAnswers(List<ZoneUpdate> zones) {
    Map<Name, ZoneAnswers> kept = new HashMap<>();
    zones.forEach(z -> {
      ZoneAnswers answers = FeedCodec.zoneAnswers(z);
      kept.put(answers.origin(), answers);
    });
    return new AnswerSet(kept);
  }

  static Routing routing(ResourceRecordSet p) {
    if (p.hasWeight()) {
      return new Routing.Weighted(p.getWeight());
    }
    if (!p.getRegion().isEmpty()) {
      return new Routing.Latency(p.getRegion());
    }
    if (p.hasGeoLocation()) {
      return new Routing.Geo(fromProto(p.getGeoLocation()));
    }
    if (p.hasCidrRoutingConfig()) {
      return new Routing.Cidr(p.getCidrRoutingConfig().getCollectionId(), p.getCidrRoutingConfig().getLocationName());
    }
    return p.getMultiValueAnswer() ? new Routing.MultiValue() : Routing.NONE;
  }

  static Optional<AliasTarget> aliasTarget(ResourceRecordSet p) {
    if (!p.hasAliasTarget()) {
      return Optional.empty();
    }
    var a = p.getAliasTarget();
    return Optional.of(new AliasTarget(a.getHostedZoneId(), a.getDnsName(), a.getEvaluateTargetHealth()));
  }

  /** @throws IllegalArgumentException for an unknown value */
  static AllUnhealthy allUnhealthy(ResourceRecordSet p) {
    return p.getAllUnhealthy().isEmpty() ? AllUnhealthy.SERVE_ALL : AllUnhealthy.fromText(p.getAllUnhealthy());
  }

  static dev.vigil.proto.cluster.v1.GeoLocation toProto(GeoLocation g) {
    return dev.vigil.proto.cluster.v1.GeoLocation.newBuilder()
        .setContinentCode(g.continentCode()).setCountryCode(g.countryCode()).setSubdivisionCode(g.subdivisionCode())
        .build();
  }

  static GeoLocation fromProto(dev.vigil.proto.cluster.v1.GeoLocation p) {
    return new GeoLocation(p.getContinentCode(), p.getCountryCode(), p.getSubdivisionCode());
  }

  static dev.vigil.proto.cluster.v1.RoutingConfig toProto(RoutingConfig c) {
    var b = dev.vigil.proto.cluster.v1.RoutingConfig.newBuilder().setGeoDatabase(c.geoDatabase());
    for (LatencyRegion r : c.latencyRegions()) {
      b.addLatencyRegions(dev.vigil.proto.cluster.v1.LatencyRegion.newBuilder()
          .setRegion(r.region()).addAllCidrs(r.cidrs()).addAllNextBest(r.nextBest()));
    }
    for (CidrCollection collection : c.cidrCollections()) {
      var cb = dev.vigil.proto.cluster.v1.CidrCollection.newBuilder().setId(collection.id());
      collection.locations().forEach(l -> cb.addLocations(
          dev.vigil.proto.cluster.v1.CidrLocation.newBuilder().setName(l.name()).addAllCidrs(l.cidrs())));
      b.addCidrCollections(cb);
    }
    c.geoNetworks().forEach(n -> b.addGeoNetworks(
        dev.vigil.proto.cluster.v1.GeoNetwork.newBuilder().setCidr(n.cidr()).setLocation(toProto(n.location()))));
    return b.build();
  }

  static RoutingConfig fromProto(dev.vigil.proto.cluster.v1.RoutingConfig p) {
    return new RoutingConfig(
        p.getLatencyRegionsList().stream()
            .map(r -> new LatencyRegion(r.getRegion(), r.getCidrsList(), r.getNextBestList())).toList(),
        p.getCidrCollectionsList().stream()
            .map(c -> new CidrCollection(c.getId(), c.getLocationsList().stream()
                .map(l -> new CidrLocation(l.getName(), l.getCidrsList())).toList()))
            .toList(),
        p.getGeoDatabase(),
        p.getGeoNetworksList().stream().map(n -> new GeoNetwork(n.getCidr(), fromProto(n.getLocation()))).toList());
  }
}
