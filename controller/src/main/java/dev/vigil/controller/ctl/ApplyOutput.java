package dev.vigil.controller.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;

/** Prints the admin API's answer to a config apply: the difference, or every problem. */
final class ApplyOutput {

  private ApplyOutput() {}

  /** @return the exit code: 0 applied (or unchanged), 1 refused */
  static int print(AdminClient.Reply reply, String file, PrintWriter out, PrintWriter err) throws IOException {
    JsonNode body = CtlMain.JSON.readTree(reply.body());
    if (reply.status() == 400) {
      JsonNode problems = body.path("problems");
      if (problems.isEmpty()) {
        err.println(file + ": " + CtlMain.text(body, "message"));
      } else {
        err.println(file + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems"));
        for (JsonNode p : problems) {
          err.println("  " + CtlMain.text(p, "path") + ": " + CtlMain.text(p, "message"));
        }
      }
      return 1;
    }
    if (reply.status() != 200) {
      err.println(CtlMain.NAME + ": " + reply.controller() + " answered " + reply.status() + ": "
          + CtlMain.text(body, "message"));
      return 1;
    }
    JsonNode diff = body.path("diff");
    boolean committed = body.path("committed").asBoolean();
    boolean dryRun = body.path("dryRun").asBoolean();
    JsonNode version = body.path("answersVersion");
    if (committed) {
      out.printf("applied %s: config version %d, answers version %d:%d (leader %s, via %s)%n", file,
          body.path("configIndex").asLong(), version.path("term").asLong(), version.path("index").asLong(),
          CtlMain.text(body, "leader"), reply.controller());
    } else if (dryRun) {
      out.printf("dry run of %s against config version %d: nothing applied%n", file, body.path("configIndex").asLong());
    } else {
      out.printf("%s: no change (config version %d)%n", file, body.path("configIndex").asLong());
    }
    line(out, "+", diff.path("added"));
    line(out, "-", diff.path("removed"));
    line(out, "~", diff.path("changed"));
    return 0;
  }

  private static void line(PrintWriter out, String mark, JsonNode items) {
    for (JsonNode item : items) {
      out.println("  " + mark + " " + item.asText());
    }
  }
}
