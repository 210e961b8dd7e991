package dev.vigil.controller;

import dev.vigil.controller.cluster.Leadership;
import dev.vigil.controller.cluster.RaftMember;
import java.util.List;
import java.util.Optional;

/** A Raft member whose role the test sets. */
public final class FakeLeadership implements Leadership {

  public volatile boolean leader = true;

  @Override
  public boolean isLeader() {
    return leader;
  }

  @Override
  public Optional<String> leaderId() {
    return Optional.of(leader ? "c1" : "c2");
  }

  @Override
  public long term() {
    return 1;
  }

  @Override
  public String selfId() {
    return "c1";
  }

  @Override
  public List<RaftMember> members() {
    return List.of(new RaftMember("c1", "127.0.0.1:1"));
  }

  @Override
  public boolean caughtUp() {
    return true;
  }
}
