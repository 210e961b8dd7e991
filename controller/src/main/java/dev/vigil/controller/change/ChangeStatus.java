package dev.vigil.controller.change;

import dev.vigil.controller.cluster.ControllerState;
import dev.vigil.controller.model.ApiMetadata;
import dev.vigil.controller.publish.NodeAcks.NodeAck;
import java.util.List;

/**
 * GetChange's Status: INSYNC once every dns-node this controller has heard from serves the change, else
 * PENDING. A node serves it when it acknowledged an answers version at or after the change's log index, or
 * the answers version this controller has now (answers versions only move when answers change, so a change
 * that left the answers as they were is served by a node that is up to date). Pure.
 */
public final class ChangeStatus {

  public static final String PENDING = "PENDING";
  public static final String INSYNC = "INSYNC";

  private ChangeStatus() {}

  /** With no dns-node known there is nothing to wait for: INSYNC. */
  public static String of(ApiMetadata.Change change, ControllerState state, List<NodeAck> nodes) {
    if (state.appliedIndex() < change.index()) {
      return PENDING;
    }
    for (NodeAck node : nodes) {
      boolean served = node.applied().index() >= change.index()
          || (node.applied().equals(state.answersVersion()) && state.answersVersion().index() > 0);
      if (!served) {
        return PENDING;
      }
    }
    return INSYNC;
  }
}
