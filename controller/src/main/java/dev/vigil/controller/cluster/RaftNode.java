package dev.vigil.controller.cluster;

import dev.vigil.controller.net.HostPort;
import dev.vigil.proto.cluster.v1.Command;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.proto.RaftProtos.LogInfoProto;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.GroupInfoReply;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This controller's member of the Raft group (Apache Ratis, gRPC transport), and a client that
 * submits commands to whichever member leads.
 */
public final class RaftNode implements CommandSink, Leadership, GroupView, Membership, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RaftNode.class);

  /** Fixed: every Vigil controller joins the same group. */
  public static final RaftGroupId GROUP_ID =
      RaftGroupId.valueOf(UUID.nameUUIDFromBytes("vigil".getBytes(StandardCharsets.UTF_8)));

  /** Entries between automatic snapshots; the log is purged up to each snapshot. */
  public static final long SNAPSHOT_EVERY = 10_000;

  private final String selfId;
  private final List<RaftMember> members;
  private final RaftServer server;
  private final RaftServer.Division division;
  private final RaftClient client;
  /** Write clients, one per leader this member has known: each starts at that leader (see submit). */
  private final java.util.Map<String, RaftClient> writeClients = new java.util.concurrent.ConcurrentHashMap<>();
  private final RaftProperties clientProperties;
  private final RaftGroup group;
  /** Status queries and membership changes: no retries, so one dead member answers fast as unreachable. */
  private final RaftClient adminClient;
  private final AtomicBoolean caughtUp = new AtomicBoolean();
  /** Requests this member hands its own server as leader (see submitLocal). */
  private final ClientId localClientId = ClientId.randomId();
  private final java.util.concurrent.atomic.AtomicLong localCallIds = new java.util.concurrent.atomic.AtomicLong();

  private RaftNode(String selfId, List<RaftMember> members, RaftServer server, RaftClient client,
      RaftClient adminClient, RaftProperties clientProperties, RaftGroup group) throws IOException {
    this.clientProperties = clientProperties;
    this.group = group;
    this.selfId = selfId;
    this.members = members;
    this.server = server;
    this.division = server.getDivision(GROUP_ID);
    this.client = client;
    this.adminClient = adminClient;
  }

  /**
   * Starts this member; its Raft data lives under {@code raftDir} and survives restarts.
   *
   * @param members every member, including {@code selfId}
   */
  public static RaftNode start(String selfId, List<RaftMember> members, Path raftDir, VigilStateMachine stateMachine)
      throws IOException {
    return start(selfId, members, raftDir, stateMachine, SNAPSHOT_EVERY);
  }

  public static RaftNode start(
      String selfId, List<RaftMember> members, Path raftDir, VigilStateMachine stateMachine, long snapshotEvery)
      throws IOException {
    return start(selfId, members, raftDir, stateMachine, snapshotEvery, false);
  }

  /**
   * @param join start outside the group (an empty configuration), waiting to be added with
   *     {@link #add}: a member that formatted its storage with a member list of its own could
   *     disturb the group with elections it cannot win. Ignored when the storage already exists.
   */
  public static RaftNode start(String selfId, List<RaftMember> members, Path raftDir, VigilStateMachine stateMachine,
      long snapshotEvery, boolean join) throws IOException {
    RaftMember self = members.stream().filter(m -> m.id().equals(selfId)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("--id " + selfId + " is not among the peers"));
    HostPort listen = HostPort.parse(self.address());
    RaftGroup group = RaftGroup.valueOf(GROUP_ID, members.stream()
        .map(m -> RaftPeer.newBuilder().setId(m.id()).setAddress(m.address()).build())
        .toList());

    RaftProperties props = properties(raftDir, listen, snapshotEvery);
    Path groupDir = raftDir.resolve(GROUP_ID.getUuid().toString());
    RaftStorage.StartupOption option =
        Files.isDirectory(groupDir) ? RaftStorage.StartupOption.RECOVER : RaftStorage.StartupOption.FORMAT;
    Files.createDirectories(raftDir);
    RaftServer server = RaftServer.newBuilder()
        .setServerId(RaftPeerId.valueOf(selfId))
        .setGroup(join ? RaftGroup.valueOf(GROUP_ID) : group)
        .setStateMachine(stateMachine)
        .setProperties(props)
        .setOption(option)
        .build();
    server.start();
    RaftClient client = RaftClient.newBuilder()
        .setClientId(ClientId.randomId())
        .setRaftGroup(group)
        .setProperties(props)
        .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(30, TimeDuration.valueOf(100, TimeUnit.MILLISECONDS)))
        .build();
    RaftProperties adminProps = new RaftProperties();
    RaftClientConfigKeys.Rpc.setRequestTimeout(adminProps, TimeDuration.valueOf(1, TimeUnit.SECONDS));
    RaftClient adminClient = RaftClient.newBuilder()
        .setClientId(ClientId.randomId())
        .setRaftGroup(group)
        .setProperties(adminProps)
        .setRetryPolicy(RetryPolicies.noRetry())
        .build();
    log.info("event=raft.started id={} raft={} members={} storage={} option={} join={}", selfId, listen, members.size(),
        raftDir, option, join);
    return new RaftNode(selfId, List.copyOf(members), server, client, adminClient, props, group);
  }

  private static RaftProperties properties(Path raftDir, HostPort listen, long snapshotEvery) {
    RaftProperties props = new RaftProperties();
    RaftServerConfigKeys.setStorageDir(props, List.of(raftDir.toFile()));
    GrpcConfigKeys.Server.setHost(props, listen.host());
    GrpcConfigKeys.Server.setPort(props, listen.port());
    // 2-core machines: shorter timeouts let a GC pause depose a healthy leader.
    RaftServerConfigKeys.Rpc.setTimeoutMin(props, TimeDuration.valueOf(1, TimeUnit.SECONDS));
    RaftServerConfigKeys.Rpc.setTimeoutMax(props, TimeDuration.valueOf(2, TimeUnit.SECONDS));
    RaftServerConfigKeys.Rpc.setRequestTimeout(props, TimeDuration.valueOf(3, TimeUnit.SECONDS));
    // A request in flight to a leader that died is retried (same call id, deduplicated) after this.
    RaftClientConfigKeys.Rpc.setRequestTimeout(props, TimeDuration.valueOf(1500, TimeUnit.MILLISECONDS));
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(props, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(props, snapshotEvery);
    RaftServerConfigKeys.Snapshot.setRetentionFileNum(props, 2);
    RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(props, true);
    return props;
  }

  /**
   * Sends to the leader this member knows, through a blocking client that starts at that leader, on a
   * virtual thread. A single long-lived client keeps chasing a dead leader after an election (its
   * cached leader and ordered window outlive it); this member learns the new leader from Raft itself.
   * The client still retries (same call id, deduplicated by the leader's retry cache).
   */
  @Override
  public CompletableFuture<CommandResult> submit(Command command) {
    Message message = Message.valueOf(ByteString.copyFrom(command.toByteArray()));
    CompletableFuture<CommandResult> result = new CompletableFuture<>();
    Optional<String> leader = leaderId();
    if (leader.isEmpty()) {
      result.completeExceptionally(new IllegalStateException("no leader"));
      return result;
    }
    RaftClient writer = writeClients.computeIfAbsent(leader.get(), this::clientStartingAt);
    Thread.ofVirtual().name("raft-submit").start(() -> {
      try {
        result.complete(result(writer.io().send(message)));
      } catch (IOException | RuntimeException e) {
        result.completeExceptionally(e);
      }
    });
    return result;
  }

  /**
   * On the leader, hands the command straight to this member's Raft server: the same replication, commit
   * (majority, each member's log flushed) and apply as {@link #submit}, without the loopback gRPC client and
   * the thread that waits on it. Not retried: a member that is not (or no longer) the leader fails the future,
   * and the caller decides again (health transitions are re-decided at the next batch or tick). Elsewhere it is
   * {@link #submit}.
   */
  public CompletableFuture<CommandResult> submitLocal(Command command) {
    if (!isLeader()) {
      return submit(command);
    }
    RaftClientRequest request = RaftClientRequest.newBuilder()
        .setClientId(localClientId)
        .setServerId(server.getId())
        .setGroupId(GROUP_ID)
        .setCallId(localCallIds.incrementAndGet())
        .setMessage(Message.valueOf(ByteString.copyFrom(command.toByteArray())))
        .setType(RaftClientRequest.writeRequestType())
        .build();
    try {
      return server.submitClientRequestAsync(request).thenApply(RaftNode::result);
    } catch (IOException | RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private RaftClient clientStartingAt(String leader) {
    return RaftClient.newBuilder()
        .setClientId(ClientId.randomId())
        .setRaftGroup(currentGroup())
        .setLeaderId(RaftPeerId.valueOf(leader))
        .setProperties(clientProperties)
        .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(5, TimeDuration.valueOf(100, TimeUnit.MILLISECONDS)))
        .build();
  }

  private static CommandResult result(RaftClientReply reply) {
    if (!reply.isSuccess()) {
      Exception e = reply.getException();
      throw new IllegalStateException("command not applied: " + (e == null ? "unknown reason" : e.getMessage()), e);
    }
    String text = reply.getMessage() == null ? "" : reply.getMessage().getContent().toStringUtf8();
    if (text.startsWith("rejected")) {
      throw new IllegalStateException(text);
    }
    return new CommandResult(reply.getLogIndex(), text);
  }

  /**
   * A linearizable read barrier as a no-op log entry: its commit index is at least that of every write
   * acknowledged before the call, and the future completes once this member has applied it. It goes
   * through the same path as writes (the leader this member knows), which survives leader changes;
   * Ratis read-index requests sent to a follower stalled for good after the leader was killed in the
   * fault tests. Costs one small log entry per linearizable read (admin traffic only).
   */
  @Override
  public CompletableFuture<Long> readBarrier() {
    return submit(Command.getDefaultInstance()).thenCompose(result -> awaitApplied(result.index()));
  }

  private CompletableFuture<Long> awaitApplied(long index) {
    CompletableFuture<Long> applied = new CompletableFuture<>();
    Thread.ofVirtual().name("raft-read-barrier").start(() -> {
      try {
        while (info().getLastAppliedIndex() < index) {
          Thread.sleep(2); // the leader has committed it; this member applies it within milliseconds
        }
        applied.complete(info().getLastAppliedIndex());
      } catch (InterruptedException e) {
        applied.completeExceptionally(e);
      }
    });
    return applied;
  }

  @Override
  public List<MemberStatus> memberStatuses() {
    List<CompletableFuture<MemberStatus>> asked = members().stream()
        .map(m -> CompletableFuture.supplyAsync(() -> status(m), Thread::startVirtualThread))
        .toList();
    return asked.stream().map(CompletableFuture::join).toList();
  }

  private MemberStatus status(RaftMember member) {
    if (member.id().equals(selfId)) {
      return selfStatus(member); // never a network call: a loaded machine must not show this member UNREACHABLE
    }
    try {
      GroupInfoReply info = adminClient.getGroupManagementApi(RaftPeerId.valueOf(member.id())).info(GROUP_ID);
      RoleInfoProto role = info.getRoleInfoProto();
      LogInfoProto logInfo = info.getLogInfoProto();
      return new MemberStatus(member.id(), member.address(), role.getRole().name(),
          logInfo.getApplied().getIndex(), logInfo.getCommitted().getIndex(), logInfo.getLastEntry().getTerm(),
          role.getRoleElapsedTimeMs(), null);
    } catch (IOException | RuntimeException e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
      return new MemberStatus(member.id(), member.address(), "UNREACHABLE", -1, -1, -1, -1, reason);
    }
  }

  private MemberStatus selfStatus(RaftMember member) {
    DivisionInfo info = info();
    return new MemberStatus(member.id(), member.address(), info.getCurrentRole().name(),
        info.getLastAppliedIndex(), division.getRaftLog().getLastCommittedIndex(),
        lastEntryTerm(), info.getRoleInfoProto().getRoleElapsedTimeMs(), null);
  }

  private long lastEntryTerm() {
    var last = division.getRaftLog().getLastEntryTermIndex();
    return last == null ? 0 : last.getTerm();
  }

  @Override
  public List<RaftMember> add(RaftMember member) throws MembershipException {
    HostPort.parse(member.address());
    return change(MemberSets.withAdded(members(), member));
  }

  @Override
  public List<RaftMember> remove(String id) throws MembershipException {
    return change(MemberSets.withRemoved(members(), id));
  }

  /**
   * Sends the whole next member set to the leader, which stages new members until they have caught up,
   * commits the joint configuration, then the new one; the reply comes after that.
   */
  private synchronized List<RaftMember> change(List<RaftMember> next) throws MembershipException {
    String leader = leaderId().orElseThrow(
        () -> new MembershipException(MembershipException.Kind.UNAVAILABLE, "no leader: is a majority up?"));
    List<RaftPeer> peers = next.stream()
        .map(m -> RaftPeer.newBuilder().setId(m.id()).setAddress(m.address()).build())
        .toList();
    RaftProperties props = new RaftProperties(clientProperties);
    // The leader answers once new members have caught up and both configurations are committed.
    RaftClientConfigKeys.Rpc.setRequestTimeout(props, TimeDuration.valueOf(30, TimeUnit.SECONDS));
    try (RaftClient changer = RaftClient.newBuilder()
        .setClientId(ClientId.randomId())
        .setRaftGroup(currentGroup())
        .setLeaderId(RaftPeerId.valueOf(leader))
        .setProperties(props)
        .setRetryPolicy(RetryPolicies.noRetry())
        .build()) {
      RaftClientReply reply = changer.admin().setConfiguration(peers);
      if (!reply.isSuccess() && !committed(next)) {
        throw new MembershipException(MembershipException.Kind.CONFLICT,
            "membership change refused: " + firstLine(reply.getException()));
      }
    } catch (IOException | RuntimeException e) {
      // A leader that removes itself steps down as it commits; its reply can be lost although the change is in.
      if (!committed(next)) {
        throw new MembershipException(MembershipException.Kind.UNAVAILABLE, "membership change failed: " + firstLine(e));
      }
    }
    log.info("event=raft.members_changed members={}", next);
    return next;
  }

  /** Whether this member's configuration becomes {@code next} within a few seconds (it learns it from the log). */
  private boolean committed(List<RaftMember> next) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (members().equals(next) && division.getRaftConf().getPreviousPeers().isEmpty()) {
        return true;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  private static String firstLine(Throwable e) {
    if (e == null) {
      return "unknown reason";
    }
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.lines().findFirst().orElse(m);
  }

  /** The group as configured now (members added or removed at runtime included), else as started. */
  private RaftGroup currentGroup() {
    var peers = division.getRaftConf().getCurrentPeers();
    return peers.isEmpty() ? group : RaftGroup.valueOf(GROUP_ID, peers);
  }

  /** Polls until some member leads, or the timeout passes. */
  public boolean awaitLeader(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (leaderId().isPresent()) {
        return true;
      }
      Thread.sleep(50);
    }
    return leaderId().isPresent();
  }

  private DivisionInfo info() {
    return division.getInfo();
  }

  @Override
  public boolean isLeader() {
    return info().isLeader();
  }

  @Override
  public Optional<String> leaderId() {
    RaftPeerId leader = info().getLeaderId();
    return leader == null ? Optional.empty() : Optional.of(leader.toString());
  }

  @Override
  public long term() {
    return info().getCurrentTerm();
  }

  @Override
  public String selfId() {
    return selfId;
  }

  @Override
  public List<RaftMember> members() {
    return division.getRaftConf().getCurrentPeers().stream()
        .map(p -> new RaftMember(p.getId().toString(), p.getAddress()))
        .sorted(java.util.Comparator.comparing(RaftMember::id))
        .toList();
  }

  @Override
  public boolean caughtUp() {
    if (!caughtUp.get() && leaderId().isPresent()
        && info().getLastAppliedIndex() >= division.getRaftLog().getLastCommittedIndex()) {
      caughtUp.set(true);
    }
    return caughtUp.get();
  }

  @Override
  public void close() {
    for (RaftClient writer : writeClients.values()) {
      try {
        writer.close();
      } catch (IOException | RuntimeException e) {
        log.warn("event=raft.client_close_failed error=\"{}\"", e.toString());
      }
    }
    try {
      adminClient.close();
      client.close();
    } catch (IOException | RuntimeException e) {
      log.warn("event=raft.client_close_failed error=\"{}\"", e.toString());
    }
    try {
      server.close();
    } catch (IOException | RuntimeException e) {
      log.warn("event=raft.close_failed error=\"{}\"", e.toString());
    }
    log.info("event=raft.stopped id={}", selfId);
  }
}
