package dev.vigil.controller.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.controller.answers.AnswerRRset;
import dev.vigil.controller.answers.RRsetKey;
import dev.vigil.controller.answers.ZoneAnswers;
import dev.vigil.controller.change.ApiException;
import dev.vigil.controller.change.CheckJson;
import dev.vigil.controller.cluster.ControllerState;
import dev.vigil.controller.model.AliasTarget;
import dev.vigil.controller.model.AllUnhealthy;
import dev.vigil.controller.model.ApiMetadata;
import dev.vigil.controller.model.Failover;
import dev.vigil.controller.model.GeoLocation;
import dev.vigil.controller.model.HealthCheck;
import dev.vigil.controller.model.HostedZone;
import dev.vigil.controller.model.RecordSet;
import dev.vigil.controller.model.Routing;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** The Route 53 API's JSON shapes (as the AWS CLI prints them), written from the controller's records. */
final class Route53Json {

  static final ObjectMapper MAPPER = new ObjectMapper();
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Route53Json() {}

  static HttpResponse<String> ok(ObjectNode body) {
    return respond(HttpStatus.OK, body);
  }

  static HttpResponse<String> respond(HttpStatus status, ObjectNode body) {
    try {
      return HttpResponse.<String>status(status).contentType(MediaType.APPLICATION_JSON_TYPE)
          .body(MAPPER.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree always serialises", e);
    }
  }

  /** {@code {"Error": {"Type", "Code", "Message", "Messages"?}}}, as AWS's error responses. */
  static HttpResponse<String> error(ApiException e) {
    return error(e.status(), e.code(), e.getMessage(), e.messages());
  }

  static HttpResponse<String> error(int status, String code, String message, List<String> messages) {
    ObjectNode body = NODES.objectNode();
    ObjectNode error = body.putObject("Error");
    error.put("Type", status >= 500 ? "Receiver" : "Sender");
    error.put("Code", code);
    error.put("Message", message);
    if (!messages.isEmpty()) {
      ArrayNode list = error.putArray("Messages");
      messages.forEach(list::add);
    }
    return respond(HttpStatus.valueOf(status), body);
  }

  static ObjectNode hostedZone(HostedZone zone, ControllerState state) {
    ApiMetadata api = state.desired().api();
    ObjectNode n = NODES.objectNode();
    n.put("Id", "/hostedzone/" + api.zoneId(zone.name()));
    n.put("Name", zone.name());
    var meta = api.zone(zone.name());
    n.put("CallerReference", meta.map(ApiMetadata.Zone::callerReference).orElse(""));
    ObjectNode config = n.putObject("Config");
    meta.map(ApiMetadata.Zone::comment).filter(c -> !c.isEmpty()).ifPresent(c -> config.put("Comment", c));
    config.put("PrivateZone", false);
    n.put("ResourceRecordSetCount", zone.recordSets().size() + generatedApexSets(zone));
    return n;
  }

  /** How many of the apex SOA and NS the controller generates for the zone (those the zone does not give). */
  private static int generatedApexSets(HostedZone zone) {
    int generated = 0;
    for (String type : List.of("SOA", "NS")) {
      if (zone.recordSets().stream().noneMatch(r -> r.name().equals(zone.name()) && r.type().equals(type))) {
        generated++;
      }
    }
    return generated;
  }

  /** The zone's name servers: the apex NS values (given or generated). */
  static ObjectNode delegationSet(HostedZone zone, ControllerState state) {
    ObjectNode n = NODES.objectNode();
    ArrayNode servers = n.putArray("NameServers");
    for (ObjectNode set : recordSets(zone, state)) {
      if (set.path("Type").asText().equals("NS") && set.path("Name").asText().equals(zone.name())) {
        set.path("ResourceRecords").forEach(r -> servers.add(r.path("Value").asText()));
      }
    }
    return n;
  }

  static ObjectNode changeInfo(ApiMetadata.Change change, String status) {
    ObjectNode n = NODES.objectNode();
    n.put("Id", "/change/" + change.id());
    n.put("Status", status);
    n.put("SubmittedAt", change.submittedAt().toString());
    if (!change.comment().isEmpty()) {
      n.put("Comment", change.comment());
    }
    return n;
  }

  /**
   * Every record set of the zone in Route 53's order (by name in DNS order, then type), including the apex
   * SOA and NS the controller generates when the zone does not give them.
   */
  static List<ObjectNode> recordSets(HostedZone zone, ControllerState state) {
    record Item(Name name, int type, String setIdentifier, ObjectNode json) {}
    List<Item> items = new ArrayList<>();
    for (RecordSet r : zone.recordSets()) {
      items.add(new Item(name(r.name()), Type.value(r.type()), r.setIdentifier(), recordSet(r)));
    }
    Name origin = name(zone.name());
    ZoneAnswers answers = state.answers().zones().get(origin);
    for (int type : new int[] {Type.SOA, Type.NS}) {
      boolean given = zone.recordSets().stream()
          .anyMatch(r -> r.name().equals(zone.name()) && Type.value(r.type()) == type);
      AnswerRRset generated = answers == null ? null : answers.rrsets().get(new RRsetKey(origin, type));
      if (!given && generated != null) {
        items.add(new Item(origin, type, "", generated(generated)));
      }
    }
    return items.stream()
        .sorted(Comparator.comparing(Item::name).thenComparingInt(Item::type).thenComparing(Item::setIdentifier))
        .map(Item::json).toList();
  }

  /** A ResourceRecordSet with Route 53's field names (fields at their defaults are left out, as the CLI shows). */
  static ObjectNode recordSet(RecordSet r) {
    ObjectNode n = NODES.objectNode();
    n.put("Name", r.name());
    n.put("Type", r.type());
    if (!r.setIdentifier().isEmpty()) {
      n.put("SetIdentifier", r.setIdentifier());
    }
    if (r.failover() != Failover.NONE) {
      n.put("Failover", r.failover().name());
    }
    routing(n, r.routing());
    if (r.aliasTarget().isPresent()) {
      AliasTarget target = r.aliasTarget().get();
      n.putObject("AliasTarget").put("HostedZoneId", target.hostedZoneId()).put("DNSName", target.dnsName())
          .put("EvaluateTargetHealth", target.evaluateTargetHealth());
    } else {
      n.put("TTL", r.ttl());
      ArrayNode values = n.putArray("ResourceRecords");
      r.values().forEach(v -> values.addObject().put("Value", v));
    }
    if (r.hasHealthCheck()) {
      n.put("HealthCheckId", r.healthCheckId());
    }
    if (r.allUnhealthy() != AllUnhealthy.SERVE_ALL) {
      n.put("AllUnhealthy", r.allUnhealthy().text());
    }
    return n;
  }

  private static void routing(ObjectNode n, Routing routing) {
    switch (routing) {
      case Routing.None none -> { }
      case Routing.Weighted w -> n.put("Weight", w.weight());
      case Routing.Latency l -> n.put("Region", l.region());
      case Routing.MultiValue m -> n.put("MultiValueAnswer", true);
      case Routing.Cidr c -> n.putObject("CidrRoutingConfig").put("CollectionId", c.collectionId())
          .put("LocationName", c.locationName());
      case Routing.Geo g -> {
        ObjectNode geo = n.putObject("GeoLocation");
        GeoLocation at = g.location();
        if (!at.continentCode().isEmpty()) {
          geo.put("ContinentCode", at.continentCode());
        }
        if (!at.countryCode().isEmpty()) {
          geo.put("CountryCode", at.countryCode());
        }
        if (!at.subdivisionCode().isEmpty()) {
          geo.put("SubdivisionCode", at.subdivisionCode());
        }
      }
    }
  }

  private static ObjectNode generated(AnswerRRset rrset) {
    ObjectNode n = NODES.objectNode();
    n.put("Name", rrset.name().toString());
    n.put("Type", Type.string(rrset.type()));
    n.put("TTL", rrset.ttl());
    ArrayNode values = n.putArray("ResourceRecords");
    for (Record record : rrset.records()) {
      values.addObject().put("Value", record.rdataToString());
    }
    return n;
  }

  static ObjectNode healthCheck(HealthCheck check, ApiMetadata api) {
    ObjectNode n = NODES.objectNode();
    n.put("Id", check.id());
    n.put("CallerReference", api.check(check.id()).map(ApiMetadata.Check::callerReference).orElse(""));
    n.set("HealthCheckConfig", CheckJson.config(check));
    n.put("HealthCheckVersion", api.version(check.id()));
    return n;
  }

  private static Name name(String text) {
    try {
      return Name.fromString(text, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("bad name in the replicated state: " + text, e);
    }
  }
}
