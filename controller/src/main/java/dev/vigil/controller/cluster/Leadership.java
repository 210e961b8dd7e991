package dev.vigil.controller.cluster;

import java.util.List;
import java.util.Optional;

/** What this member knows about the Raft group right now. */
public interface Leadership {

  boolean isLeader();

  Optional<String> leaderId();

  long term();

  String selfId();

  List<RaftMember> members();

  /** True once this member has applied every entry it knew to be committed (latched). */
  boolean caughtUp();
}
