package dev.vigil.controller.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.controller.change.ApiException;
import dev.vigil.controller.change.ApiWrites;
import dev.vigil.controller.change.ChangeBatch;
import dev.vigil.controller.change.ChangeStatus;
import dev.vigil.controller.change.ConfigChanges;
import dev.vigil.controller.change.ZoneEdits;
import dev.vigil.controller.cluster.ControllerState;
import dev.vigil.controller.config.ApiInput;
import dev.vigil.controller.config.ConfigException;
import dev.vigil.controller.model.ApiMetadata;
import dev.vigil.controller.model.HostedZone;
import dev.vigil.controller.ops.OpsContext;
import dev.vigil.controller.publish.NodeAcks;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.Comparator;
import java.util.Optional;

/**
 * Route 53's hosted-zone, record-set and change resources: {@code /v1/hostedzone}, {@code /v1/hostedzone/{Id}},
 * {@code /v1/hostedzone/{Id}/rrset}, {@code /v1/change/{Id}}. A zone is named by its id or its name. Reads
 * are linearizable; writes go through the Raft log from any member ({@link ApiWrites}).
 */
@Controller("/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class HostedZoneController {

  static final String SOURCE = "admin API";

  private final OpsContext ops;
  private final ApiWrites writes;
  private final NodeAcks acks;

  public HostedZoneController(OpsContext ops, ApiWrites writes, NodeAcks acks) {
    this.ops = ops;
    this.writes = writes;
    this.acks = acks;
  }

  /** A request body, or an exception that is a 400 naming the problem. */
  static JsonNode body(@Nullable String text) throws ApiException {
    try {
      return ApiInput.json(text, "request body");
    } catch (ConfigException e) {
      var p = e.problems().getFirst();
      throw new ApiException(400, "InvalidInput", "request body: " + p, e.problems().stream()
          .map(Object::toString).toList());
    }
  }

  /** Runs a request, turning refusals into AWS-style error bodies. */
  static HttpResponse<String> handle(Action action) throws InterruptedException {
    try {
      return action.run();
    } catch (ApiException e) {
      return Route53Json.error(e);
    } catch (ConfigChanges.Unavailable e) {
      return Route53Json.error(503, "ServiceUnavailable", e.getMessage(), java.util.List.of());
    }
  }

  @FunctionalInterface
  interface Action {
    HttpResponse<String> run() throws ApiException, ConfigChanges.Unavailable, InterruptedException;
  }

  String status(ApiMetadata.Change change, ControllerState state) {
    return ChangeStatus.of(change, state, acks.all());
  }

  @Post(uri = "/hostedzone", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> create(@Nullable @Body String text) throws InterruptedException {
    return handle(() -> {
      JsonNode request = body(text);
      String newId = writes.newZoneId();
      var written = writes.write(SOURCE, (current, changeId) -> {
        ZoneEdits.Created created = ZoneEdits.create(current.desired(), request, newId, changeId);
        return new ApiWrites.Result<>(created.next(), created.comment(), created);
      });
      ControllerState state = written.state();
      HostedZone zone = state.desired().hostedZone(written.value().name()).orElseThrow(
          () -> new ApiException(409, "ConcurrentModification", "the zone was deleted right after it was created"));
      ObjectNode body = Route53Json.NODES.objectNode();
      body.put("Location", "/v1/hostedzone/" + written.value().id());
      body.set("HostedZone", Route53Json.hostedZone(zone, state));
      state.desired().api().change(written.value().changeId())
          .ifPresent(c -> body.set("ChangeInfo", Route53Json.changeInfo(c, status(c, state))));
      body.set("DelegationSet", Route53Json.delegationSet(zone, state));
      return Route53Json.respond(written.change().isPresent() ? HttpStatus.CREATED : HttpStatus.OK, body);
    });
  }

  @Get(uri = "/hostedzone", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> list() throws InterruptedException {
    return handle(() -> {
      ControllerState state = ops.configChanges().currentLinearizable();
      ObjectNode body = Route53Json.NODES.objectNode();
      ArrayNode zones = body.putArray("HostedZones");
      state.desired().hostedZones().stream().sorted(Comparator.comparing(HostedZone::name))
          .forEach(z -> zones.add(Route53Json.hostedZone(z, state)));
      body.put("IsTruncated", false);
      body.put("MaxItems", String.valueOf(Math.max(100, zones.size())));
      return Route53Json.ok(body);
    });
  }

  @Get(uri = "/hostedzone/{id}", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> get(@PathVariable String id) throws InterruptedException {
    return handle(() -> {
      ControllerState state = ops.configChanges().currentLinearizable();
      HostedZone zone = zone(state, id);
      ObjectNode body = Route53Json.NODES.objectNode();
      body.set("HostedZone", Route53Json.hostedZone(zone, state));
      body.set("DelegationSet", Route53Json.delegationSet(zone, state));
      return Route53Json.ok(body);
    });
  }

  @Delete(uri = "/hostedzone/{id}", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> delete(@PathVariable String id) throws InterruptedException {
    return handle(() -> {
      var written = writes.write(SOURCE, (current, changeId) ->
          new ApiWrites.Result<>(ZoneEdits.delete(current.desired(), id), "", null));
      return changeInfo(written);
    });
  }

  @Get(uri = "/hostedzone/{id}/rrset", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> recordSets(@PathVariable String id) throws InterruptedException {
    return handle(() -> {
      ControllerState state = ops.configChanges().currentLinearizable();
      HostedZone zone = zone(state, id);
      ObjectNode body = Route53Json.NODES.objectNode();
      ArrayNode sets = body.putArray("ResourceRecordSets");
      Route53Json.recordSets(zone, state).forEach(sets::add);
      body.put("IsTruncated", false);
      body.put("MaxItems", String.valueOf(Math.max(300, sets.size())));
      return Route53Json.ok(body);
    });
  }

  /** ChangeResourceRecordSets: {@code {"ChangeBatch": {"Comment": ..., "Changes": [...]}}}. */
  @Post(uri = "/hostedzone/{id}/rrset", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> change(@PathVariable String id, @Nullable @Body String text)
      throws InterruptedException {
    return handle(() -> {
      JsonNode request = body(text);
      for (var names = request.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!name.equals("ChangeBatch")) {
          throw new ApiException(400, "InvalidInput", name + ": unknown field (expected ChangeBatch)");
        }
      }
      if (!request.has("ChangeBatch")) {
        throw new ApiException(400, "InvalidInput", "ChangeBatch: required");
      }
      var written = writes.write(SOURCE, (current, changeId) -> {
        String zoneName = zone(current, id).name();
        ChangeBatch.Applied applied = ChangeBatch.apply(current.desired(), zoneName, request.get("ChangeBatch"));
        return new ApiWrites.Result<>(applied.next(), applied.comment(), null);
      });
      return changeInfo(written);
    });
  }

  @Get(uri = "/change/{id}", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> getChange(@PathVariable String id) throws InterruptedException {
    return handle(() -> {
      ControllerState state = ops.configChanges().currentLinearizable();
      String bare = id.startsWith("/change/") ? id.substring("/change/".length()) : id;
      ApiMetadata.Change change = state.desired().api().change(bare).orElseThrow(() -> new ApiException(404,
          "NoSuchChange", "A change with the specified change ID does not exist: " + bare));
      ObjectNode body = Route53Json.NODES.objectNode();
      body.set("ChangeInfo", Route53Json.changeInfo(change, status(change, state)));
      return Route53Json.ok(body);
    });
  }

  private HttpResponse<String> changeInfo(ApiWrites.Written<?> written) {
    ObjectNode body = Route53Json.NODES.objectNode();
    Optional<ApiMetadata.Change> change = written.change();
    change.ifPresent(c -> body.set("ChangeInfo", Route53Json.changeInfo(c, status(c, written.state()))));
    return Route53Json.ok(body);
  }

  static HostedZone zone(ControllerState state, String idOrName) throws ApiException {
    return ZoneEdits.find(state.desired(), idOrName).orElseThrow(() -> new ApiException(404, "NoSuchHostedZone",
        "No hosted zone found with ID or name: " + idOrName));
  }
}
