package dev.vigil.controller.change;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.controller.config.ApiInput;
import dev.vigil.controller.model.ApiMetadata;
import dev.vigil.controller.model.DesiredState;
import dev.vigil.controller.model.HostedZone;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/** CreateHostedZone and DeleteHostedZone as pure functions of the desired state; and finding a zone. */
public final class ZoneEdits {

  private static final List<String> CREATE_FIELDS = List.of("Name", "CallerReference", "HostedZoneConfig");
  private static final List<String> CONFIG_FIELDS = List.of("Comment", "PrivateZone");
  static final int MAX_CALLER_REFERENCE = 128;

  /**
   * @param next the new desired state, or null when the zone already existed (an idempotent retry)
   */
  public record Created(DesiredState next, String name, String id, String comment, String changeId) {}

  private ZoneEdits() {}

  /** The zone named by its id ("Z…" or "/hostedzone/Z…") or its name (with or without the final dot). */
  public static Optional<HostedZone> find(DesiredState state, String idOrName) {
    String id = idOrName.startsWith("/hostedzone/") ? idOrName.substring("/hostedzone/".length()) : idOrName;
    for (HostedZone zone : state.hostedZones()) {
      if (state.api().zoneId(zone.name()).equals(id)) {
        return Optional.of(zone);
      }
    }
    return ApiInput.zoneName(idOrName).flatMap(state::hostedZone);
  }

  /**
   * CreateHostedZone: {@code {Name, CallerReference, HostedZoneConfig: {Comment, PrivateZone}}}. The same
   * CallerReference for the same name gives back the zone; for another name, HostedZoneAlreadyExists.
   *
   * @param newId the id a new zone gets (generated before the request goes into the log)
   * @param changeId the ChangeInfo.Id of this request's change
   */
  public static Created create(DesiredState current, JsonNode request, String newId, String changeId)
      throws ApiException {
    List<String> problems = new ArrayList<>();
    unknownFields(request, "", CREATE_FIELDS, problems);
    String reference = text(request, "CallerReference", problems);
    String rawName = text(request, "Name", problems);
    Optional<String> name = rawName.isEmpty() ? Optional.empty() : ApiInput.zoneName(rawName);
    if (!rawName.isEmpty() && name.isEmpty()) {
      problems.add("Name: not a valid DNS name: '" + rawName + "'");
    }
    if (reference.length() > MAX_CALLER_REFERENCE) {
      problems.add("CallerReference: at most " + MAX_CALLER_REFERENCE + " characters, got " + reference.length());
    }
    String comment = "";
    JsonNode config = request.get("HostedZoneConfig");
    if (config != null && !config.isNull()) {
      if (!config.isObject()) {
        problems.add("HostedZoneConfig: must be an object with Comment and PrivateZone");
      } else {
        unknownFields(config, "HostedZoneConfig.", CONFIG_FIELDS, problems);
        JsonNode c = config.get("Comment");
        if (c != null && !c.isNull()) {
          if (!c.isTextual() || c.asText().length() > ChangeBatch.MAX_COMMENT) {
            problems.add("HostedZoneConfig.Comment: a string of at most " + ChangeBatch.MAX_COMMENT + " characters");
          } else {
            comment = c.asText();
          }
        }
        JsonNode p = config.get("PrivateZone");
        if (p != null && !p.isNull() && !(p.isBoolean() && !p.asBoolean())) {
          problems.add("HostedZoneConfig.PrivateZone: private zones are not supported (must be false)");
        }
      }
    }
    if (!problems.isEmpty()) {
      throw ApiException.invalidInput(String.join("; ", problems), problems);
    }
    String zoneName = name.orElseThrow();
    for (ApiMetadata.Zone known : current.api().zones()) {
      if (known.callerReference().equals(reference)) {
        if (known.name().equals(zoneName) && current.hostedZone(zoneName).isPresent()) {
          return new Created(null, known.name(), known.id(), known.comment(), known.changeId());
        }
        throw new ApiException(409, "HostedZoneAlreadyExists", "A hosted zone (" + known.name()
            + ") has already been created with the caller reference '" + reference + "'");
      }
    }
    if (current.hostedZone(zoneName).isPresent()) {
      throw new ApiException(409, "HostedZoneAlreadyExists", "The hosted zone " + zoneName
          + " already exists (Id " + current.api().zoneId(zoneName) + ")");
    }
    List<HostedZone> zones = new ArrayList<>(current.hostedZones());
    zones.add(new HostedZone(zoneName, List.of()));
    ApiMetadata api = current.api().withZone(new ApiMetadata.Zone(zoneName, newId, reference, comment, changeId));
    return new Created(new DesiredState(current.healthChecks(), zones, current.routing(), api), zoneName, newId, comment, changeId);
  }

  /** DeleteHostedZone: only a zone that holds nothing but its apex SOA and NS. */
  public static DesiredState delete(DesiredState current, String idOrName) throws ApiException {
    HostedZone zone = find(current, idOrName).orElseThrow(() -> ApiException.noSuchHostedZone(idOrName));
    long userSets = zone.recordSets().stream().filter(r -> !ChangeBatch.isApexSoaOrNs(zone.name(), r)).count();
    if (userSets > 0) {
      throw new ApiException(400, "HostedZoneNotEmpty", "The hosted zone " + zone.name() + " contains " + userSets
          + " resource record sets other than the apex SOA and NS; delete them first");
    }
    List<HostedZone> zones = current.hostedZones().stream().filter(z -> !z.name().equals(zone.name())).toList();
    return new DesiredState(current.healthChecks(), zones, current.routing(), current.api().withoutZone(zone.name()));
  }

  static String text(JsonNode request, String field, List<String> problems) {
    JsonNode value = request.get(field);
    if (value == null || value.isNull()) {
      problems.add(field + ": required");
      return "";
    }
    if (!value.isTextual() || value.asText().isEmpty()) {
      problems.add(field + ": must be a non-empty string, got " + value);
      return "";
    }
    return value.asText();
  }

  static void unknownFields(JsonNode node, String prefix, List<String> known, List<String> problems) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        problems.add(prefix + name + ": unknown field (expected " + String.join(", ", known) + ")");
      }
    }
  }
}
