package dev.vigil.controller.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.controller.ctl.CtlMain.UsageError;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code vigil ctl members [list | add ID=HOST:PORT | remove ID]}: the Raft group's member set. A new member
 * must already run with {@code --join}; change one member at a time.
 */
@Command(name = "members", mixinStandardHelpOptions = true,
    description = "List, add (ID=HOST:PORT, its Raft address; started with --join) or remove (ID) a controller.",
    subcommands = {MembersVerb.ListMembers.class, MembersVerb.Add.class, MembersVerb.Remove.class})
final class MembersVerb implements Callable<Integer> {

  static final String PATH = "/v1/cluster/members";

  @ParentCommand CtlMain ctl;

  @Override
  public Integer call() {
    return ctl.guarded(() -> print(ctl, ctl.client().get(PATH)));
  }

  /** Prints the member list from a 200 reply, else the controller's error on one line (exit 1). */
  static int print(CtlMain ctl, AdminClient.Reply reply) throws Exception {
    JsonNode body = CtlMain.JSON.readTree(reply.body());
    if (reply.status() != 200) {
      ctl.err.println(CtlMain.NAME + ": " + reply.controller() + " answered " + reply.status() + ": "
          + CtlMain.text(body, "message"));
      return 1;
    }
    ctl.out.printf("%-12s %s%n", "ID", "RAFT ADDRESS");
    for (JsonNode m : body.path("members")) {
      ctl.out.printf("%-12s %s%s%n", CtlMain.text(m, "id"), CtlMain.text(m, "address"),
          CtlMain.text(m, "id").equals(CtlMain.text(body, "leader")) ? "  (leader)" : "");
    }
    return 0;
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "The members in the current configuration.")
  static final class ListMembers implements Callable<Integer> {
    @ParentCommand MembersVerb members;

    @Override
    public Integer call() {
      return members.call();
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Add a member that already runs with --join; returns once the group has committed it.")
  static final class Add implements Callable<Integer> {
    @ParentCommand MembersVerb members;

    @Parameters(paramLabel = "ID=HOST:PORT", description = "The new member's --id and its Raft address.")
    String member;

    @Override
    public Integer call() {
      CtlMain ctl = members.ctl;
      return ctl.guarded(() -> {
        int eq = member.indexOf('=');
        if (eq <= 0 || eq == member.length() - 1) {
          throw new UsageError("'" + member + "' is not ID=HOST:PORT");
        }
        String json = CtlMain.JSON.createObjectNode()
            .put("id", member.substring(0, eq)).put("address", member.substring(eq + 1)).toString();
        return print(ctl, ctl.client().post(PATH, json, "application/json"));
      });
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a member (the leader too).")
  static final class Remove implements Callable<Integer> {
    @ParentCommand MembersVerb members;

    @Parameters(paramLabel = "ID", description = "The member's --id.")
    String id;

    @Override
    public Integer call() {
      CtlMain ctl = members.ctl;
      return ctl.guarded(() -> print(ctl, ctl.client().send("DELETE", PATH + "/" + id, null)));
    }
  }
}
