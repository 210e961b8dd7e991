package dev.vigil.controller.explain;

import dev.vigil.controller.cluster.ControllerState;
import dev.vigil.controller.health.AgentView;
import dev.vigil.controller.model.Cidr;
import dev.vigil.controller.ops.OpsContext;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * {@code GET /v1/explain?name=N&type=T[&client-subnet=CIDR]}: the answer a client gets and why, from this member's
 * state (answers, health and the agents' evidence as this member has them).
 */
@Controller("/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class ExplainController {

  private final OpsContext ops;

  public ExplainController(OpsContext ops) {
    this.ops = ops;
  }

  @Serdeable
  public record ErrorBody(String message) {}

  @Get(uri = "/explain", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<?> explain(@Nullable @QueryValue("name") String name, @Nullable @QueryValue("type") String type,
      @Nullable @QueryValue("client-subnet") String clientSubnet) {
    Name parsedName;
    int parsedType;
    Optional<Cidr> client;
    try {
      parsedName = name(name);
      parsedType = type(type);
      client = clientSubnet == null || clientSubnet.isBlank() ? Optional.empty() : Optional.of(cidr(clientSubnet));
    } catch (IllegalArgumentException e) {
      return HttpResponse.status(HttpStatus.BAD_REQUEST).body(new ErrorBody(e.getMessage()));
    }
    ControllerState state = ops.state().current();
    Explainer.Evidences evidences = new Explainer.Evidences() {
      @Override
      public List<AgentView> views(String checkId) {
        return ops.monitor().views(checkId);
      }

      @Override
      public Optional<String> exclusion(String agentId) {
        return ops.monitor().exclusion(agentId);
      }
    };
    return HttpResponse.ok(Explainer.explain(state.desired(), state.health(), state.answers(), evidences, parsedName,
        parsedType, client));
  }

  static Name name(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("name: required, e.g. name=www.example.test");
    }
    try {
      return Name.fromString(text, Name.root).canonicalize();
    } catch (TextParseException e) {
      throw new IllegalArgumentException("name: '" + text + "' is not a DNS name: " + e.getMessage());
    }
  }

  static int type(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("type: required, e.g. type=A");
    }
    int type = Type.value(text.toUpperCase(java.util.Locale.ROOT));
    if (type < 0) {
      throw new IllegalArgumentException("type: '" + text + "' is not a DNS type, e.g. A, AAAA, CNAME, MX, TXT");
    }
    return type;
  }

  static Cidr cidr(String text) {
    try {
      return Cidr.parse(text.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("client-subnet: " + e.getMessage());
    }
  }
}
