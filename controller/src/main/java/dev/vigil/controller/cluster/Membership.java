package dev.vigil.controller.cluster;

import java.util.List;

/**
 * Runtime changes to the Raft group's member set (Ratis {@code setConfiguration}, joint consensus), one
 * member at a time so that a majority of both the old and the new set stays up.
 */
public interface Membership {

  /** The members in the group's current configuration. */
  List<RaftMember> members();

  /**
   * Adds {@code member}; it must already run (started with {@code --join}) so that the leader can send it the
   * log. Returns once the new configuration is committed.
   */
  List<RaftMember> add(RaftMember member) throws MembershipException;

  /** Removes the member with this id (the leader too: a new leader is elected among the rest). */
  List<RaftMember> remove(String id) throws MembershipException;

  /** Why a change was refused; {@link Kind} decides the HTTP status. */
  final class MembershipException extends Exception {

    public enum Kind { INVALID, NOT_FOUND, CONFLICT, UNAVAILABLE }

    private final Kind kind;

    public MembershipException(Kind kind, String message) {
      super(message);
      this.kind = kind;
    }

    public Kind kind() {
      return kind;
    }
  }
}
