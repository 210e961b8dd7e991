package dev.vigil.controller.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code vigil ctl explain}: the answer a client gets for a name and type, and why ({@code GET /v1/explain}). */
@Command(name = "explain", mixinStandardHelpOptions = true,
    description = "The answer a client gets for a name and type, with each candidate's health and evidence and the"
        + " rules applied.")
final class ExplainCommand implements Callable<Integer> {

  @ParentCommand CtlMain ctl;

  @Option(names = "--name", required = true, paramLabel = "NAME", description = "e.g. www.example.test")
  String name;

  @Option(names = "--type", required = true, paramLabel = "TYPE", description = "e.g. A, AAAA, CNAME")
  String type;

  @Option(names = "--client-subnet", paramLabel = "CIDR",
      description = "The client's address or ECS subnet, e.g. 192.0.2.0/24; none: a client no table covers.")
  String clientSubnet;

  @Option(names = "--json", description = "Print the controller's JSON as it is.")
  boolean json;

  @Override
  public Integer call() {
    return ctl.guarded(() -> {
      String path = "/v1/explain?name=" + encode(name) + "&type=" + encode(type)
          + (clientSubnet == null ? "" : "&client-subnet=" + encode(clientSubnet));
      AdminClient.Reply reply = ctl.client().get(path);
      if (reply.status() == 400) {
        throw new CtlMain.UsageError(CtlMain.JSON.readTree(reply.body()).path("message").asText(reply.body()));
      }
      if (reply.status() != 200) {
        ctl.err.println(CtlMain.NAME + ": " + reply.controller() + " answered " + reply.status() + ": " + reply.body());
        return 1;
      }
      if (json) {
        ctl.out.println(reply.body());
      } else {
        print(CtlMain.JSON.readTree(reply.body()));
      }
      return 0;
    });
  }

  private void print(JsonNode e) {
    var out = ctl.out;
    out.printf("%s %s  (zone %s, %s routing)%n", text(e, "name"), text(e, "type"), text(e, "zone"),
        e.path("policy").isNull() ? "no" : text(e, "policy"));
    if (!e.path("client").isNull() || !text(e, "clientMap").isEmpty()) {
      out.printf("client %s: %s%n", e.path("client").isNull() ? "(none)" : text(e, "client"),
          text(e, "clientMap").isEmpty() ? "the answer depends on no client table"
              : "table " + text(e, "clientMap") + ", label " + (e.path("clientLabel").isNull() ? "(not covered)"
                  : text(e, "clientLabel")) + ", ECS scope /" + e.path("scopePrefixLength").asInt());
    }
    out.println("answers:");
    if (e.path("answers").isEmpty()) {
      out.println("  (none: NODATA)");
    }
    for (JsonNode a : e.path("answers")) {
      out.printf(Locale.ROOT, "  %6.2f%%  ttl %-6d %s%n", 100 * a.path("probability").asDouble(), a.path("ttl").asLong(),
          a.path("records").isEmpty() ? "(no records)" : join(a.path("records")));
    }
    out.println("candidates:");
    for (JsonNode c : e.path("candidates")) {
      out.printf("  %-16s %-28s %-9s %s%n", c.path("setIdentifier").asText().isEmpty() ? "-" : text(c, "setIdentifier"),
          text(c, "routing") + (c.path("aliasTarget").isNull() ? "" : " alias " + text(c, "aliasTarget")),
          c.path("healthy").asBoolean() ? "healthy" : "UNHEALTHY", text(c, "why"));
      for (JsonNode v : c.path("evidence")) {
        out.printf("      agent %s (%s): %s, last %s%s%s%n", text(v, "agent"), text(v, "region"),
            v.path("healthy").asBoolean() ? "healthy" : "unhealthy",
            v.path("lastResult").isNull() ? "none" : (v.path("lastResult").asBoolean() ? "ok" : "failed")
                + " \"" + text(v, "reason") + "\" at " + text(v, "at"),
            "", v.path("excluded").isNull() ? "" : " (excluded: " + text(v, "excluded") + ")");
      }
    }
    out.println("rules:");
    for (JsonNode r : e.path("rules")) {
      out.println("  - " + r.asText());
    }
  }

  private static String join(JsonNode records) {
    StringBuilder b = new StringBuilder();
    records.forEach(r -> b.append(b.isEmpty() ? "" : ", ").append(r.asText()));
    return b.toString();
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isMissingNode() || value.isNull() ? "-" : value.asText();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
