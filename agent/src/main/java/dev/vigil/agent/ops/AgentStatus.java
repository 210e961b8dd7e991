package dev.vigil.agent.ops;

import java.util.ArrayList;
import java.util.List;

/** A snapshot of the agent for /health. */
public record AgentStatus(String agentId, String region, boolean assignmentApplied, long assignmentVersion,
    int checks, List<Link> links) {

  /** One controller link. */
  public record Link(String controller, String state, int buffered, long dropped) {}

  public AgentStatus {
    links = List.copyOf(links);
  }

  public boolean ready() {
    return assignmentApplied;
  }

  public long dropped() {
    return links.stream().mapToLong(Link::dropped).sum();
  }

  /** What keeps the agent from being ready, empty when ready. */
  public List<String> notReady() {
    List<String> reasons = new ArrayList<>();
    if (!assignmentApplied) {
      reasons.add("no assignment applied yet");
    }
    return reasons;
  }

  /** The /health body. */
  public String toJson() {
    StringBuilder b = new StringBuilder(256);
    b.append("{\"status\":").append(str(ready() ? "ready" : "not_ready"))
        .append(",\"agent_id\":").append(str(agentId))
        .append(",\"region\":").append(str(region))
        .append(",\"assignment_version\":").append(assignmentApplied ? assignmentVersion : -1)
        .append(",\"checks\":").append(checks)
        .append(",\"dropped\":").append(dropped())
        .append(",\"not_ready\":[");
    List<String> reasons = notReady();
    for (int i = 0; i < reasons.size(); i++) {
      b.append(i == 0 ? "" : ",").append(str(reasons.get(i)));
    }
    b.append("],\"links\":[");
    for (int i = 0; i < links.size(); i++) {
      Link l = links.get(i);
      b.append(i == 0 ? "" : ",").append("{\"controller\":").append(str(l.controller()))
          .append(",\"state\":").append(str(l.state()))
          .append(",\"buffered\":").append(l.buffered())
          .append(",\"dropped\":").append(l.dropped()).append('}');
    }
    return b.append("]}").toString();
  }

  static String str(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
