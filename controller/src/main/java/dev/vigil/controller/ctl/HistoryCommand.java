package dev.vigil.controller.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code vigil ctl history}: health transitions and answer changes with time and cause ({@code GET /v1/history}),
 * one line each, oldest first; {@code --output json} prints the controller's JSON as is.
 */
@Command(name = "history", mixinStandardHelpOptions = true,
    description = "Health transitions and answer changes, with their time and cause, oldest first.")
public final class HistoryCommand implements Callable<Integer> {

  @ParentCommand CtlMain ctl;

  @Option(names = "--health-check-id", paramLabel = "ID",
      description = "Only this check's transitions and the answer changes they caused.")
  String checkId;

  @Option(names = "--name", paramLabel = "NAME", description = "Only answer changes of this name.")
  String name;

  @Option(names = "--type", paramLabel = "TYPE", description = "Only answer changes of this type, e.g. A.")
  String type;

  @Option(names = "--since", paramLabel = "TIME", description = "Only entries at or after TIME (ISO-8601, UTC).")
  String since;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
      description = "The newest N entries that match (default ${DEFAULT-VALUE}, at most 10000).")
  int limit;

  @Option(names = "--output", paramLabel = "text|json", defaultValue = "text",
      description = "text (default) or json.")
  String output;

  @Override
  public Integer call() {
    return ctl.guarded(() -> {
      if (!output.equals("text") && !output.equals("json")) {
        throw new CtlMain.UsageError("--output: must be text or json, got '" + output + "'");
      }
      AdminClient.Reply reply = ctl.client().get(path());
      if (reply.status() != 200) {
        JsonNode error = CtlMain.JSON.readTree(reply.body());
        ctl.err.println(CtlMain.NAME + ": " + reply.controller() + " answered " + reply.status() + ": "
            + error.path("message").asText(reply.body()));
        return reply.status() == 400 ? 2 : 1;
      }
      if (output.equals("json")) {
        ctl.out.println(reply.body());
        return 0;
      }
      print(CtlMain.JSON.readTree(reply.body()));
      return 0;
    });
  }

  String path() {
    List<String> params = new ArrayList<>();
    add(params, "check", checkId);
    add(params, "name", name);
    add(params, "type", type);
    add(params, "since", since);
    add(params, "limit", Integer.toString(limit));
    return "/v1/history?" + String.join("&", params);
  }

  private static void add(List<String> params, String key, String value) {
    if (value != null) {
      params.add(key + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
  }

  private void print(JsonNode body) {
    JsonNode entries = body.path("entries");
    ctl.out.printf("%d of %d matching entries (applied index %d)%n", entries.size(), body.path("matched").asInt(),
        body.path("appliedIndex").asLong());
    for (JsonNode e : entries) {
      boolean answer = e.path("kind").asText().equals("ANSWER");
      String subject = !answer ? "check " + CtlMain.text(e, "checkId")
          : CtlMain.text(e, "name") + " " + CtlMain.text(e, "type");
      ctl.out.printf("%-24s %6s  %-6s %s: %s -> %s  (%s)%n", CtlMain.text(e, "at"), e.path("index").asText(),
          e.path("kind").asText(), subject, orNone(e.path("before").asText()), orNone(e.path("after").asText()),
          e.path("cause").asText());
    }
  }

  private static String orNone(String text) {
    return text.isEmpty() ? "(none)" : text;
  }
}
