package dev.vigil.controller.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.controller.admin.AdminController.ErrorBody;
import dev.vigil.controller.cluster.Membership;
import dev.vigil.controller.cluster.Membership.MembershipException;
import dev.vigil.controller.cluster.RaftMember;
import dev.vigil.controller.net.HostPort;
import dev.vigil.controller.ops.OpsContext;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * The Raft group's member set: {@code GET /v1/cluster/members}, {@code POST /v1/cluster/members}
 * ({@code {"id": "c4", "address": "HOST:PORT"}}, the new member already running with {@code --join}) and
 * {@code DELETE /v1/cluster/members/{id}}. Any member serves them; the change itself goes to the leader.
 */
@Controller("/v1/cluster/members")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class MembersController {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final OpsContext ops;
  private final Membership membership;

  public MembersController(OpsContext ops, MemberChanges changes) {
    this.ops = ops;
    this.membership = changes.membership();
  }

  @Serdeable
  public record Member(String id, String address) {}

  @Serdeable
  public record MembersBody(List<Member> members, String leader) {}

  @Get(produces = MediaType.APPLICATION_JSON)
  public MembersBody list() {
    return body(membership.members());
  }

  @Post(consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<?> add(@Nullable @Body String body) {
    RaftMember member;
    try {
      member = parse(body);
    } catch (IllegalArgumentException e) {
      return error(HttpStatus.BAD_REQUEST, e.getMessage());
    }
    try {
      return HttpResponse.ok(body(membership.add(member)));
    } catch (MembershipException e) {
      return error(e);
    }
  }

  @Delete(uri = "/{id}", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<?> remove(String id) {
    try {
      return HttpResponse.ok(body(membership.remove(id)));
    } catch (MembershipException e) {
      return error(e);
    }
  }

  static RaftMember parse(String body) {
    JsonNode json;
    try {
      json = JSON.readTree(body == null ? "" : body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("body is not JSON: " + e.getOriginalMessage());
    }
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException("body must be a JSON object {\"id\": ID, \"address\": \"HOST:PORT\"}");
    }
    String id = text(json, "id");
    String address = text(json, "address");
    if (!id.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException("id: '" + id + "' must be 1-64 letters, digits, '.', '_' or '-'");
    }
    try {
      HostPort.parse(address);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("address: " + e.getMessage());
    }
    return new RaftMember(id, address);
  }

  private static String text(JsonNode json, String field) {
    JsonNode value = json.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException(field + ": required, a string");
    }
    return value.asText();
  }

  private MembersBody body(List<RaftMember> members) {
    return new MembersBody(members.stream().map(m -> new Member(m.id(), m.address())).toList(),
        ops.leadership().leaderId().orElse(null));
  }

  private HttpResponse<ErrorBody> error(MembershipException e) {
    HttpStatus status = switch (e.kind()) {
      case INVALID -> HttpStatus.BAD_REQUEST;
      case NOT_FOUND -> HttpStatus.NOT_FOUND;
      case CONFLICT -> HttpStatus.CONFLICT;
      case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
    };
    return error(status, e.getMessage());
  }

  private HttpResponse<ErrorBody> error(HttpStatus status, String message) {
    return HttpResponse.<ErrorBody>status(status)
        .body(new ErrorBody(message, List.of(), ops.leadership().leaderId().orElse(null)));
  }
}
