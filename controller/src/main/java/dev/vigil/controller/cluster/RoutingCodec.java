package dev.vigil.controller.cluster;

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
import dev.vigil.proto.cluster.v1.ResourceRecordSet;
import java.util.Optional;

/** {@link StateCodec}'s part for routing policies: record sets' routing fields and the routing tables. */
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
