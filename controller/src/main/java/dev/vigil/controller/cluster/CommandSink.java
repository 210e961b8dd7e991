package dev.vigil.controller.cluster;

import dev.vigil.proto.cluster.v1.Command;
import java.util.concurrent.CompletableFuture;

/** Where commands go to be replicated and applied. */
public interface CommandSink {

  /** Completes once the command is applied on the leader; exceptionally when it was not. */
  CompletableFuture<CommandResult> submit(Command command);

  /** @param reply the state machine's reply, e.g. "applied HEALTH_TRANSITIONS at 2:17" */
  record CommandResult(long index, String reply) {}
}
