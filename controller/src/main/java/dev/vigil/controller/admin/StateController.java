package dev.vigil.controller.admin;

import dev.vigil.controller.cluster.ControllerState;
import dev.vigil.controller.cluster.Leadership;
import dev.vigil.controller.health.AgentView;
import dev.vigil.controller.model.CheckHealth;
import dev.vigil.controller.model.HealthCheck;
import dev.vigil.controller.ops.OpsContext;
import dev.vigil.controller.ops.OpsController.VersionBody;
import dev.vigil.controller.publish.NodeAcks;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Read-only views of the replicated state and of the agents' evidence. {@code /v1/state} is
 * linearizable by default (a Ratis read index first); {@code ?consistency=local} answers from this
 * member's state as it is, e.g. in a minority partition.
 */
@Controller("/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class StateController {

  private final OpsContext ops;
  private final NodeAcks acks;

  public StateController(OpsContext ops, NodeAcks acks) {
    this.ops = ops;
    this.acks = acks;
  }

  /** A dns-node's last acknowledgement to this controller (issue 5): INSYNC when it serves answersVersion. */
  @Serdeable
  public record DnsNodeAck(String id, VersionBody applied, String appliedAt, String lastAck, String status) {}

  @Serdeable
  public record Member(String id, String address) {}

  @Serdeable
  public record Zone(String name, int recordSets) {}

  @Serdeable
  public record Check(String id, String type, boolean disabled, boolean inverted, boolean healthy, String since, String cause) {}

  @Serdeable
  public record StateBody(
      String self,
      String leader,
      long term,
      List<Member> members,
      long appliedIndex,
      long configIndex,
      VersionBody answersVersion,
      List<Zone> hostedZones,
      List<Check> healthChecks,
      List<DnsNodeAck> dnsNodes) {}

  @Serdeable
  public record LastResult(boolean healthy, String detail, String observedAt) {}

  @Serdeable
  public record AgentEvidence(
      String agent, String region, boolean healthy, int opposingStreak, LastResult lastResult, String excluded) {}

  @Serdeable
  public record CheckStatus(
      String id, boolean healthy, String since, String cause, List<AgentEvidence> observations,
      String certificateNotAfter, Long certificateExpiresInSeconds, HealthRulesStatus rules) {}

  @Serdeable
  public record ErrorBody(String message) {}

  @Get(uri = "/state", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<?> state(@QueryValue(defaultValue = "linearizable") String consistency)
      throws InterruptedException {
    ControllerState s;
    try {
      s = ConsistentRead.state(ops, consistency, "state");
    } catch (ConsistentRead.Refused e) {
      return HttpResponse.status(e.status()).body(new ErrorBody(e.getMessage()));
    }
    return HttpResponse.ok(body(s));
  }

  private StateBody body(ControllerState s) {
    Leadership l = ops.leadership();
    return new StateBody(
        l.selfId(),
        l.leaderId().orElse(null),
        l.term(),
        l.members().stream().map(m -> new Member(m.id(), m.address())).toList(),
        s.appliedIndex(),
        s.configIndex(),
        VersionBody.of(s.answersVersion()),
        s.desired().hostedZones().stream().map(z -> new Zone(z.name(), z.recordSets().size()))
            .sorted(Comparator.comparing(Zone::name)).toList(),
        s.desired().healthChecks().stream().map(c -> check(c, s)).sorted(Comparator.comparing(Check::id)).toList(),
        acks.all().stream().map(a -> new DnsNodeAck(a.nodeId(), VersionBody.of(a.applied()), time(a.appliedAt()),
            time(a.receivedAt()), a.status(s.answersVersion()))).toList());
  }

  @Get(uri = "/health-checks/{id}/status", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<?> status(@PathVariable String id) {
    ControllerState s = ops.state().current();
    Optional<HealthCheck> check = s.desired().healthCheck(id);
    if (check.isEmpty()) {
      return HttpResponse.status(HttpStatus.NOT_FOUND).body(new ErrorBody("no health check '" + id + "'"));
    }
    CheckHealth health = s.health().get(id);
    List<AgentEvidence> evidence = ops.monitor().views(id).stream()
        .sorted(Comparator.comparing(AgentView::region).thenComparing(AgentView::agentId))
        .map(v -> evidence(v, ops.monitor().exclusion(check.get(), v).orElse(null)))
        .toList();
    Optional<Instant> notAfter = ops.monitor().certificateNotAfter(id);
    return HttpResponse.ok(new CheckStatus(
        id,
        health == null || health.healthy(),
        health == null ? null : time(health.since()),
        health == null ? null : health.cause(),
        evidence,
        notAfter.map(Instant::toString).orElse(null),
        ops.monitor().certificateExpiresIn(id).map(java.time.Duration::toSeconds).orElse(null),
        HealthRulesStatus.of(check.get(), s, ops.monitor().now())));
  }

  private static Check check(HealthCheck c, ControllerState s) {
    CheckHealth h = s.health().get(c.id());
    return new Check(
        c.id(), c.type().name(), c.disabled(), c.inverted(),
        h == null || h.healthy(), h == null ? null : time(h.since()), h == null ? null : h.cause());
  }

  /**
   * @param excluded why the agent is left out of the quorum ("network: ...", "suspect: ...", "stale: ...",
   *     "region: ..."), null when it counts
   */
  private static AgentEvidence evidence(AgentView v, String excluded) {
    LastResult last = v.last() == null ? null
        : new LastResult(v.last().healthy(), v.last().detail(), time(v.last().observedAt()));
    return new AgentEvidence(v.agentId(), v.region(), v.healthy(), v.opposingStreak(), last, excluded);
  }

  /** ISO-8601, or null when unknown (health set by config alone carries no time). */
  private static String time(Instant t) {
    return t == null || t.equals(Instant.EPOCH) ? null : t.toString();
  }
}
