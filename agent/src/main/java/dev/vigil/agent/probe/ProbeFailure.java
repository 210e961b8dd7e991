package dev.vigil.agent.probe;

/** A probe ended unhealthy for a known reason; carries the kind and a human-readable detail. */
public final class ProbeFailure extends Exception {

  private final FailureKind kind;

  public ProbeFailure(FailureKind kind, String detail) {
    super(detail, null, false, false);
    if (kind == FailureKind.NONE) {
      throw new IllegalArgumentException("a failure needs a kind");
    }
    this.kind = kind;
  }

  public FailureKind kind() {
    return kind;
  }
}
