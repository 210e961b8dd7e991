package dev.vigil.controller.admin;

import dev.vigil.controller.change.ConfigChanges;
import dev.vigil.controller.change.ConfigDiff;
import dev.vigil.controller.cluster.GroupView.MemberStatus;
import dev.vigil.controller.cluster.Leadership;
import dev.vigil.controller.config.ConfigException;
import dev.vigil.controller.config.ConfigLoader;
import dev.vigil.controller.model.DesiredState;
import dev.vigil.controller.ops.OpsContext;
import dev.vigil.controller.ops.OpsController.VersionBody;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * Changes: {@code POST /v1/config} (the same YAML/JSON as --config; one atomic Raft entry) and the
 * group's status, {@code GET /v1/cluster}. Any member serves both: writes reach the leader through the
 * Ratis client, which follows the leader by itself.
 */
@Controller("/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class AdminController {

  static final String SOURCE = "admin API";

  private final OpsContext ops;

  public AdminController(OpsContext ops) {
    this.ops = ops;
  }

  @Serdeable
  public record Problem(String path, String message) {}

  /** Every error body: one message, and the config problems when there are any. */
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record ErrorBody(String message, List<Problem> problems, String leader) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record DiffBody(List<String> added, List<String> removed, List<String> changed) {
    static DiffBody of(ConfigDiff d) {
      return new DiffBody(d.added(), d.removed(), d.changed());
    }
  }

  /**
   * @param committed false when nothing differed or for a dry run
   * @param configIndex the Raft log index of the config now in force: the config's version
   */
  @Serdeable
  public record ApplyBody(boolean committed, boolean dryRun, DiffBody diff, long configIndex,
      VersionBody answersVersion, String leader) {}

  @Serdeable
  public record MemberBody(String id, String address, String role, long appliedIndex, long commitIndex,
      long lastEntryTerm, long roleElapsedMs, String error) {
    static MemberBody of(MemberStatus m) {
      return new MemberBody(m.id(), m.address(), m.role(), m.appliedIndex(), m.commitIndex(), m.lastEntryTerm(),
          m.roleElapsedMs(), m.error());
    }
  }

  @Serdeable
  public record ClusterBody(String self, String leader, long term, List<MemberBody> members) {}

  @Post(uri = "/config", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<?> apply(@Nullable @Body String body, @QueryValue(defaultValue = "false") boolean dryRun)
      throws InterruptedException {
    if (body == null || body.isBlank()) {
      return error(HttpStatus.BAD_REQUEST, "empty body: send the config file (YAML or JSON); "
          + "'{}' explicitly removes every zone and check", List.of());
    }
    DesiredState desired;
    try {
      desired = ConfigLoader.parse(body, "request body");
    } catch (ConfigException e) {
      List<Problem> problems = e.problems().stream().map(p -> new Problem(p.path(), p.message())).toList();
      return error(HttpStatus.BAD_REQUEST, e.source() + ": " + problems.size()
          + (problems.size() == 1 ? " problem" : " problems"), problems);
    }
    try {
      ConfigChanges.Outcome outcome = ops.configChanges().apply(desired, SOURCE, dryRun);
      return HttpResponse.ok(new ApplyBody(outcome.committed(), dryRun, DiffBody.of(outcome.diff()),
          outcome.configIndex(), VersionBody.of(outcome.state().answersVersion()), leader()));
    } catch (ConfigChanges.Conflict e) {
      return error(HttpStatus.CONFLICT, e.getMessage(), List.of());
    } catch (ConfigChanges.Unavailable e) {
      return error(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage(), List.of());
    }
  }

  @Get(uri = "/cluster", produces = MediaType.APPLICATION_JSON)
  public ClusterBody cluster() {
    Leadership l = ops.leadership();
    return new ClusterBody(l.selfId(), leader(), l.term(),
        ops.group().memberStatuses().stream().map(MemberBody::of).toList());
  }

  private String leader() {
    return ops.leadership().leaderId().orElse(null);
  }

  private HttpResponse<ErrorBody> error(HttpStatus status, String message, List<Problem> problems) {
    return HttpResponse.<ErrorBody>status(status).body(new ErrorBody(message, problems, leader()));
  }
}
