package dev.vigil.controller.ops;

import dev.vigil.controller.cluster.AnswerVersion;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** Liveness/readiness and Prometheus metrics. */
@Controller
public final class OpsController {

  private final OpsContext ops;

  public OpsController(OpsContext ops) {
    this.ops = ops;
  }

  @Serdeable
  public record VersionBody(long term, long index) {
    public static VersionBody of(AnswerVersion v) {
      return new VersionBody(v.term(), v.index());
    }
  }

  @Serdeable
  public record HealthBody(String status, String leader, long term, VersionBody answersVersion, List<String> notReady) {}

  @Get(uri = "/health", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<HealthBody> health() {
    List<String> notReady = ops.readiness().notReady(ops.leadership());
    HealthBody body = new HealthBody(
        notReady.isEmpty() ? "UP" : "DOWN",
        ops.leadership().leaderId().orElse(null),
        ops.leadership().term(),
        VersionBody.of(ops.state().current().answersVersion()),
        notReady);
    return notReady.isEmpty() ? HttpResponse.ok(body) : HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE).body(body);
  }

  @Get(uri = "/metrics", produces = "text/plain; version=0.0.4; charset=utf-8")
  public String metrics() {
    return ops.registry().scrape();
  }
}
