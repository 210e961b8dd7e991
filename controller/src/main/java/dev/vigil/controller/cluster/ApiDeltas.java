package dev.vigil.controller.cluster;

import dev.vigil.controller.model.ApiMetadata;
import dev.vigil.controller.model.DesiredState;
import dev.vigil.controller.model.HealthCheck;
import dev.vigil.controller.model.HostedZone;
import dev.vigil.controller.model.RecordSet;
import dev.vigil.proto.cluster.v1.ApiDelta;
import dev.vigil.proto.cluster.v1.ApiRecordSetKey;
import dev.vigil.proto.cluster.v1.ApiZoneDelta;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An API change as a delta of the desired state ({@code vigil.cluster.v1.ApiDelta}): what {@link #between} two
 * states differs, and the state {@link #apply} gives. Pure and deterministic. {@link #between} returns empty when
 * the delta would not give back exactly {@code after} (e.g. a record set deleted and created again moves to the
 * end); the caller then sends the whole state.
 */
public final class ApiDeltas {

  private ApiDeltas() {}

  public static Optional<ApiDelta> between(DesiredState before, DesiredState after) {
    if (!before.api().changes().equals(after.api().changes())) {
      return Optional.empty();
    }
    ApiDelta.Builder delta = ApiDelta.newBuilder();
    Map<String, HealthCheck> oldChecks = new LinkedHashMap<>();
    before.healthChecks().forEach(c -> oldChecks.put(c.id(), c));
    Set<String> newCheckIds = new HashSet<>();
    for (HealthCheck check : after.healthChecks()) {
      newCheckIds.add(check.id());
      if (!check.equals(oldChecks.get(check.id()))) {
        delta.addUpsertedChecks(StateCodec.toProto(check));
      }
    }
    oldChecks.keySet().stream().filter(id -> !newCheckIds.contains(id)).forEach(delta::addRemovedChecks);
    Set<String> newZones = new HashSet<>();
    for (HostedZone zone : after.hostedZones()) {
      newZones.add(zone.name());
      Optional<HostedZone> old = before.hostedZone(zone.name());
      if (old.isEmpty() || !old.get().equals(zone)) {
        delta.addZones(zoneDelta(old.map(HostedZone::recordSets).orElse(List.of()), zone));
      }
    }
    before.hostedZones().stream().map(HostedZone::name).filter(n -> !newZones.contains(n))
        .forEach(delta::addRemovedZones);
    delta.setApi(ApiCodec.toProto(new ApiMetadata(after.api().zones(), after.api().checks(), List.of(),
        after.api().retiredCheckReferences())));
    ApiDelta built = delta.build();
    return apply(before, built).equals(after) ? Optional.of(built) : Optional.empty();
  }

  private static ApiZoneDelta zoneDelta(List<RecordSet> old, HostedZone zone) {
    ApiZoneDelta.Builder b = ApiZoneDelta.newBuilder().setName(zone.name());
    Map<ApiRecordSetKey, RecordSet> oldByKey = new LinkedHashMap<>();
    old.forEach(r -> oldByKey.put(key(r), r));
    Set<ApiRecordSetKey> newKeys = new HashSet<>();
    for (RecordSet r : zone.recordSets()) {
      newKeys.add(key(r));
      if (!r.equals(oldByKey.get(key(r)))) {
        b.addUpserted(StateCodec.toProto(r));
      }
    }
    oldByKey.keySet().stream().filter(k -> !newKeys.contains(k)).forEach(b::addRemoved);
    return b.build();
  }

  /**
   * The state after {@code delta}; the change records stay those of {@code before}.
   *
   * @throws IllegalArgumentException for a value that cannot be decoded
   */
  public static DesiredState apply(DesiredState before, ApiDelta delta) {
    List<HealthCheck> checks = new ArrayList<>(before.healthChecks().stream()
        .filter(c -> !delta.getRemovedChecksList().contains(c.id())).toList());
    for (var proto : delta.getUpsertedChecksList()) {
      HealthCheck check = StateCodec.fromProto(proto);
      replaceOrAppend(checks, check, c -> c.id().equals(check.id()));
    }
    List<HostedZone> zones = new ArrayList<>(before.hostedZones().stream()
        .filter(z -> !delta.getRemovedZonesList().contains(z.name())).toList());
    for (ApiZoneDelta zd : delta.getZonesList()) {
      Optional<HostedZone> old = zones.stream().filter(z -> z.name().equals(zd.getName())).findFirst();
      Set<ApiRecordSetKey> removed = new HashSet<>(zd.getRemovedList());
      List<RecordSet> sets = new ArrayList<>(old.map(HostedZone::recordSets).orElse(List.of()).stream()
          .filter(r -> !removed.contains(key(r))).toList());
      for (var proto : zd.getUpsertedList()) {
        RecordSet set = StateCodec.fromProto(proto);
        replaceOrAppend(sets, set, r -> key(r).equals(key(set)));
      }
      HostedZone next = new HostedZone(zd.getName(), sets);
      replaceOrAppend(zones, next, z -> z.name().equals(next.name()));
    }
    ApiMetadata api = ApiCodec.fromProto(delta.getApi());
    return new DesiredState(checks, zones, before.routing(), new ApiMetadata(api.zones(), api.checks(),
        before.api().changes(),
        api.retiredCheckReferences()));
  }

  private static <T> void replaceOrAppend(List<T> items, T item, java.util.function.Predicate<T> same) {
    for (int i = 0; i < items.size(); i++) {
      if (same.test(items.get(i))) {
        items.set(i, item);
        return;
      }
    }
    items.add(item);
  }

  private static ApiRecordSetKey key(RecordSet r) {
    return ApiRecordSetKey.newBuilder().setName(r.name()).setType(r.type()).setSetIdentifier(r.setIdentifier()).build();
  }
}
