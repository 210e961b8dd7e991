package dev.vigil.controller.cluster;

import dev.vigil.controller.cluster.Membership.MembershipException;
import dev.vigil.controller.cluster.Membership.MembershipException.Kind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The next member set for one change, or why there is none. Pure. */
final class MemberSets {

  private MemberSets() {}

  static List<RaftMember> withAdded(List<RaftMember> current, RaftMember added) throws MembershipException {
    for (RaftMember m : current) {
      if (m.id().equals(added.id())) {
        throw new MembershipException(Kind.CONFLICT, "'" + added.id() + "' is already a member (" + m.address() + ")");
      }
      if (m.address().equals(added.address())) {
        throw new MembershipException(Kind.CONFLICT, "member '" + m.id() + "' already uses " + added.address());
      }
    }
    List<RaftMember> next = new ArrayList<>(current);
    next.add(added);
    next.sort(Comparator.comparing(RaftMember::id));
    return List.copyOf(next);
  }

  static List<RaftMember> withRemoved(List<RaftMember> current, String id) throws MembershipException {
    if (current.stream().noneMatch(m -> m.id().equals(id))) {
      throw new MembershipException(Kind.NOT_FOUND, "'" + id + "' is not a member");
    }
    if (current.size() == 1) {
      throw new MembershipException(Kind.INVALID, "cannot remove '" + id + "', the group's only member");
    }
    return current.stream().filter(m -> !m.id().equals(id)).toList();
  }
}
