package dev.vigil.controller.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.controller.change.ApiException;
import dev.vigil.controller.change.ApiWrites;
import dev.vigil.controller.change.CheckEdits;
import dev.vigil.controller.cluster.ControllerState;
import dev.vigil.controller.health.AgentView;
import dev.vigil.controller.model.CheckHealth;
import dev.vigil.controller.model.HealthCheck;
import dev.vigil.controller.ops.OpsContext;
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
import java.time.Instant;
import java.util.Comparator;

/**
 * Route 53's health-check resources: {@code /v1/healthcheck} (create, list), {@code /v1/healthcheck/{Id}}
 * (get, update with POST as Route 53's UpdateHealthCheck, delete) and {@code /v1/healthcheck/{Id}/status}
 * (GetHealthCheckStatus).
 */
@Controller("/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class HealthCheckApiController {

  private final OpsContext ops;
  private final ApiWrites writes;

  public HealthCheckApiController(OpsContext ops, ApiWrites writes) {
    this.ops = ops;
    this.writes = writes;
  }

  /** CreateHealthCheck: 201 for a new check, 200 when the CallerReference already made this same check. */
  @Post(uri = "/healthcheck", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> create(@Nullable @Body String text) throws InterruptedException {
    return HostedZoneController.handle(() -> {
      JsonNode request = HostedZoneController.body(text);
      String newId = writes.newCheckId();
      var written = writes.write(HostedZoneController.SOURCE, (current, changeId) -> {
        CheckEdits.Outcome outcome = CheckEdits.create(current.desired(), request, newId);
        return new ApiWrites.Result<>(outcome.next(), "", outcome.check());
      });
      ObjectNode body = Route53Json.NODES.objectNode();
      body.put("Location", "/v1/healthcheck/" + written.value().id());
      body.set("HealthCheck", Route53Json.healthCheck(written.value(), written.state().desired().api()));
      return Route53Json.respond(written.change().isPresent() ? HttpStatus.CREATED : HttpStatus.OK, body);
    });
  }

  @Get(uri = "/healthcheck", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> list() throws InterruptedException {
    return HostedZoneController.handle(() -> {
      ControllerState state = ops.configChanges().currentLinearizable();
      ObjectNode body = Route53Json.NODES.objectNode();
      ArrayNode checks = body.putArray("HealthChecks");
      state.desired().healthChecks().stream().sorted(Comparator.comparing(HealthCheck::id))
          .forEach(c -> checks.add(Route53Json.healthCheck(c, state.desired().api())));
      body.put("IsTruncated", false);
      body.put("MaxItems", String.valueOf(Math.max(100, checks.size())));
      return Route53Json.ok(body);
    });
  }

  @Get(uri = "/healthcheck/{id}", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> get(@PathVariable String id) throws InterruptedException {
    return HostedZoneController.handle(() -> {
      ControllerState state = ops.configChanges().currentLinearizable();
      HealthCheck check = check(state, id);
      ObjectNode body = Route53Json.NODES.objectNode();
      body.set("HealthCheck", Route53Json.healthCheck(check, state.desired().api()));
      return Route53Json.ok(body);
    });
  }

  /** UpdateHealthCheck (Route 53 uses POST on the check's resource). */
  @Post(uri = "/healthcheck/{id}", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> update(@PathVariable String id, @Nullable @Body String text)
      throws InterruptedException {
    return HostedZoneController.handle(() -> {
      JsonNode request = HostedZoneController.body(text);
      var written = writes.write(HostedZoneController.SOURCE, (current, changeId) -> {
        CheckEdits.Outcome outcome = CheckEdits.update(current.desired(), id, request);
        return new ApiWrites.Result<>(outcome.next(), "", outcome.check());
      });
      ObjectNode body = Route53Json.NODES.objectNode();
      body.set("HealthCheck", Route53Json.healthCheck(written.value(), written.state().desired().api()));
      return Route53Json.ok(body);
    });
  }

  @Delete(uri = "/healthcheck/{id}", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> delete(@PathVariable String id) throws InterruptedException {
    return HostedZoneController.handle(() -> {
      writes.write(HostedZoneController.SOURCE, (current, changeId) ->
          new ApiWrites.Result<>(CheckEdits.delete(current.desired(), id), "", null));
      return Route53Json.ok(Route53Json.NODES.objectNode());
    });
  }

  /**
   * GetHealthCheckStatus: one observation per agent, {@code {Region, IPAddress, StatusReport{Status,
   * CheckedTime}}}, Status "Success: …" or "Failure: …" with the agent's latest result and its reason. Native
   * additions: {@code Agent}, {@code Excluded} (why the agent is left out of the quorum) and the decided
   * {@code HealthCheckStatus{Healthy, Since, Cause, LastFailureReason{Agent, Region, Reason, CheckedTime}}}, the
   * latter the newest failure among the agents' latest results (null when every latest result succeeded). Answered from this member's own evidence (agents stream
   * to every member), not linearizable.
   */
  @Get(uri = "/healthcheck/{id}/status", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> status(@PathVariable String id) throws InterruptedException {
    return HostedZoneController.handle(() -> {
      ControllerState state = ops.state().current();
      check(state, id);
      ObjectNode body = Route53Json.NODES.objectNode();
      ArrayNode observations = body.putArray("HealthCheckObservations");
      ops.monitor().views(id).stream()
          .sorted(Comparator.comparing(AgentView::region).thenComparing(AgentView::agentId))
          .forEach(v -> observations.add(observation(v, ops.monitor().exclusion(v.agentId()).orElse(null))));
      CheckHealth health = state.health().get(id);
      ObjectNode decided = body.putObject("HealthCheckStatus");
      decided.put("Healthy", health == null || health.healthy());
      decided.put("Since", health == null ? null : time(health.since()));
      decided.put("Cause", health == null ? null : health.cause());
      lastFailure(ops.monitor().views(id)).ifPresentOrElse(v -> {
        ObjectNode failure = decided.putObject("LastFailureReason");
        failure.put("Agent", v.agentId());
        failure.put("Region", v.region());
        failure.put("Reason", v.last().detail());
        failure.put("CheckedTime", v.last().observedAt().toString());
      }, () -> decided.putNull("LastFailureReason"));
      return Route53Json.ok(body);
    });
  }

  /** The most recent failure among the agents' latest results, if any agent's latest result failed. */
  static java.util.Optional<AgentView> lastFailure(java.util.List<AgentView> views) {
    return views.stream().filter(v -> v.last() != null && !v.last().healthy())
        .max(Comparator.comparing(v -> v.last().observedAt()));
  }

  private static ObjectNode observation(AgentView v, String excluded) {
    ObjectNode n = Route53Json.NODES.objectNode();
    n.put("Region", v.region());
    n.putNull("IPAddress"); // agents do not report their address yet
    n.put("Agent", v.agentId());
    ObjectNode report = n.putObject("StatusReport");
    if (v.last() == null) {
      report.put("Status", "Unknown: no result yet");
      report.putNull("CheckedTime");
    } else {
      report.put("Status", (v.last().healthy() ? "Success: " : "Failure: ") + v.last().detail());
      report.put("CheckedTime", v.last().observedAt().toString());
    }
    n.put("Healthy", v.healthy());
    n.put("Excluded", excluded);
    return n;
  }

  private static HealthCheck check(ControllerState state, String id) throws ApiException {
    return state.desired().healthCheck(id).orElseThrow(() -> new ApiException(404, "NoSuchHealthCheck",
        "No health check exists with the specified ID " + id));
  }

  private static String time(Instant t) {
    return t == null || t.equals(Instant.EPOCH) ? null : t.toString();
  }
}
