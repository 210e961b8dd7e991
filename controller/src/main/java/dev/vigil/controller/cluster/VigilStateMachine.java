package dev.vigil.controller.cluster;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.vigil.controller.model.DesiredState;
import dev.vigil.proto.cluster.v1.Command;
import dev.vigil.proto.cluster.v1.HealthTransition;
import dev.vigil.proto.cluster.v1.StateSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@link Command}s from the Raft log to the {@link ControllerState} and publishes each new
 * state. Deterministic: nothing here reads a clock; times come inside the commands.
 */
public final class VigilStateMachine extends BaseStateMachine {

  private static final Logger log = LoggerFactory.getLogger(VigilStateMachine.class);

  /** The one read-only query: answers this member's applied index (see {@link GroupView#readBarrier}). */
  static final String APPLIED_INDEX_QUERY = "applied-index";

  private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
  private final ReplicatedState state;
  private final DecisionLatency latency;

  public VigilStateMachine(ReplicatedState state) {
    this(state, DecisionLatency.none());
  }

  /** @param latency told when a health decision that changed the answers is applied (local metrics only) */
  public VigilStateMachine(ReplicatedState state, DecisionLatency latency) {
    this.state = state;
    this.latency = latency;
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
    super.initialize(server, groupId, raftStorage);
    storage.init(raftStorage);
    load(storage.getLatestSnapshot());
  }

  @Override
  public void reinitialize() throws IOException {
    load(storage.loadLatestSnapshot());
  }

  @Override
  public StateMachineStorage getStateMachineStorage() {
    return storage;
  }

  /** Rejects, before it reaches the log, anything that is not a decodable command. */
  @Override
  public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
    try {
      Command command = Command.parseFrom(request.getMessage().getContent().toByteArray());
      if (command.hasApplyConfig()) {
        StateCodec.fromProto(command.getApplyConfig().getDesired());
      }
      if (command.hasApiChange()) {
        StateCodec.fromProto(command.getApiChange().getApply().getDesired());
        ApiDeltas.apply(DesiredState.EMPTY, command.getApiChange().getDelta()); // decodes every value
      }
    } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
      throw new IOException("not a vigil command: " + e.getMessage(), e);
    }
    return super.startTransaction(request);
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto entry = trx.getLogEntry();
    long term = entry.getTerm();
    long index = entry.getIndex();
    ControllerState before = state.current();
    String reply;
    ControllerState after;
    Command command = null;
    try {
      command = Command.parseFrom(entry.getStateMachineLogEntry().getLogData().toByteArray());
      after = before.apply(command, term, index);
      reply = "applied " + command.getKindCase() + " at " + term + ":" + index;
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      // Same bytes fail the same way on every member, so skipping keeps replicas identical.
      after = before.withAppliedIndex(index);
      reply = "rejected at " + term + ":" + index + ": " + e.getMessage();
      log.warn("event=state.command_rejected index={} error=\"{}\"", index, e.getMessage());
    }
    updateLastAppliedTermIndex(term, index);
    boolean answersChanged = !after.answersVersion().equals(before.answersVersion());
    if (answersChanged && command != null && command.hasHealthTransitions()) {
      latency.applied(index, command.getHealthTransitions().getTransitionsList().stream()
          .mapToLong(HealthTransition::getAtUnixMs).max().orElse(0));
    }
    state.publish(after);
    if (answersChanged) {
      log.info("event=answers.changed version={}:{}", term, index);
    }
    return CompletableFuture.completedFuture(Message.valueOf(reply));
  }

  /** Runs after Ratis applied up to the read index; the state itself is read from {@link ReplicatedState}. */
  @Override
  public CompletableFuture<Message> query(Message request) {
    if (!APPLIED_INDEX_QUERY.equals(request.getContent().toStringUtf8())) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("unknown query"));
    }
    return CompletableFuture.completedFuture(Message.valueOf(Long.toString(state.current().appliedIndex())));
  }

  @Override
  public void notifyLeaderChanged(RaftGroupMemberId member, RaftPeerId newLeaderId) {
    log.info("event=raft.leader_changed self={} leader={}", member.getPeerId(), newLeaderId);
  }

  @Override
  public long takeSnapshot() throws IOException {
    TermIndex last = getLastAppliedTermIndex();
    if (last == null || last.getIndex() <= 0) {
      return RaftLog.INVALID_LOG_INDEX;
    }
    StateSnapshot snapshot = StateCodec.toSnapshot(state.current());
    Path file = storage.getSnapshotFile(last.getTerm(), last.getIndex()).toPath();
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      snapshot.writeTo(out);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    var md5 = MD5FileUtil.computeAndSaveMd5ForFile(file.toFile());
    storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(file, md5), last));
    log.info("event=snapshot.taken index={} term={}", last.getIndex(), last.getTerm());
    return last.getIndex();
  }

  private void load(SingleFileSnapshotInfo snapshot) throws IOException {
    if (snapshot == null) {
      return;
    }
    Path file = snapshot.getFile().getPath();
    if (snapshot.hasMd5()) {
      MD5FileUtil.verifySavedMD5(file.toFile(), snapshot.getFile().getFileDigest());
    }
    StateSnapshot proto;
    try (InputStream in = Files.newInputStream(file)) {
      proto = StateSnapshot.parseFrom(in);
    }
    TermIndex at = snapshot.getTermIndex();
    setLastAppliedTermIndex(at);
    state.publish(StateCodec.fromSnapshot(proto, at.getIndex(), state.current().history().retention()));
    log.info("event=snapshot.loaded index={} term={}", at.getIndex(), at.getTerm());
  }
}
