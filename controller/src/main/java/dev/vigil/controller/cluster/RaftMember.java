package dev.vigil.controller.cluster;

import dev.vigil.controller.net.HostPort;
import java.util.ArrayList;
import java.util.List;

/**
 * One controller of the Raft group.
 *
 * @param address HOST:PORT of its Raft (gRPC) transport
 */
public record RaftMember(String id, String address) {

  /**
   * Parses {@code --peers id=HOST:PORT,...}.
   *
   * @throws IllegalArgumentException with a one-line reason
   */
  public static List<RaftMember> parseList(String peers) {
    List<RaftMember> members = new ArrayList<>();
    for (String part : peers.split(",")) {
      String item = part.strip();
      int eq = item.indexOf('=');
      if (eq <= 0 || eq == item.length() - 1) {
        throw new IllegalArgumentException("'" + item + "' is not ID=HOST:PORT");
      }
      String id = item.substring(0, eq);
      String address = item.substring(eq + 1);
      HostPort.parse(address); // validates
      if (members.stream().anyMatch(m -> m.id().equals(id))) {
        throw new IllegalArgumentException("member id '" + id + "' appears twice");
      }
      members.add(new RaftMember(id, address));
    }
    return List.copyOf(members);
  }
}
