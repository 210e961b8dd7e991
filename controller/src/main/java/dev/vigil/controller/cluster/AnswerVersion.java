package dev.vigil.controller.cluster;

/**
 * The Raft term and log index of the entry that last changed the answers. Every controller computes
 * the same answers at the same index, so the index orders versions.
 */
public record AnswerVersion(long term, long index) {

  /** No answers yet (nothing applied). */
  public static final AnswerVersion NONE = new AnswerVersion(0, 0);
}
