package dev.vigil.controller.cluster;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** What the admin API asks the Raft group beyond this member's own view. */
public interface GroupView {

  /**
   * A linearizable read barrier (a no-op entry through the log): completes once this member has applied
   * every entry committed before the call, so its local state is at least as new as any acknowledged
   * write. Fails when no leader can commit it (no quorum).
   *
   * @return this member's applied index at that point
   */
  CompletableFuture<Long> readBarrier();

  /** Every member's status as it reports it (asked directly, short timeout; unreachable ones say so). */
  List<MemberStatus> memberStatuses();

  /**
   * @param role LEADER, FOLLOWER, CANDIDATE, LISTENER or UNREACHABLE
   * @param error why it could not be asked, else null
   */
  record MemberStatus(String id, String address, String role, long appliedIndex, long commitIndex,
      long lastEntryTerm, long roleElapsedMs, String error) {}
}
