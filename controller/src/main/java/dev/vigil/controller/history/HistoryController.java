package dev.vigil.controller.history;

import dev.vigil.controller.admin.ConsistentRead;
import dev.vigil.controller.cluster.ControllerState;
import dev.vigil.controller.ops.OpsContext;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * {@code GET /v1/history?check=ID&name=N&type=T&since=ISO&limit=N[&consistency=local]}: health transitions and
 * answer changes with their time and cause, oldest first. Linearizable by default, like {@code /v1/state}.
 */
@Controller("/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class HistoryController {

  private final OpsContext ops;

  public HistoryController(OpsContext ops) {
    this.ops = ops;
  }

  @Serdeable
  public record Entry(long index, String at, String kind, String checkId, String name, String type, String before,
      String after, String cause, List<String> causeChecks) {

    static Entry of(HistoryEntry e) {
      return new Entry(e.index(), e.at() == null ? null : e.at().toString(), e.kind().name(),
          e.checkId().isEmpty() ? null : e.checkId(), e.name().isEmpty() ? null : e.name(),
          e.type().isEmpty() ? null : e.type(), e.before(), e.after(), e.cause(), e.causeChecks());
    }
  }

  @Serdeable
  public record Retention(int maxEntries, long maxAgeSeconds) {}

  /** @param matched how many entries matched before {@code limit} cut the oldest off */
  @Serdeable
  public record HistoryBody(long appliedIndex, int matched, Retention retention, List<Entry> entries) {}

  @Serdeable
  public record ErrorBody(String message) {}

  @Get(uri = "/history", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<?> history(@Nullable @QueryValue String check, @Nullable @QueryValue String name,
      @Nullable @QueryValue String type, @Nullable @QueryValue String since, @Nullable @QueryValue String limit,
      @Nullable @QueryValue String consistency) throws InterruptedException {
    HistoryQuery query;
    try {
      query = HistoryQuery.parse(check, name, type, since, limit);
    } catch (HistoryQuery.BadParameter e) {
      return HttpResponse.badRequest(new ErrorBody(e.getMessage()));
    }
    ControllerState s;
    try {
      s = ConsistentRead.state(ops, consistency, "history");
    } catch (ConsistentRead.Refused e) {
      return HttpResponse.status(e.status()).body(new ErrorBody(e.getMessage()));
    }
    History history = s.history();
    return HttpResponse.ok(new HistoryBody(s.appliedIndex(), query.count(history),
        new Retention(history.retention().maxEntries(), history.retention().maxAge().toSeconds()),
        query.select(history).stream().map(Entry::of).toList()));
  }
}
