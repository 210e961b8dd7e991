package dev.vigil.controller.admin;

import dev.vigil.controller.change.ConfigChanges;
import dev.vigil.controller.cluster.ControllerState;
import dev.vigil.controller.ops.OpsContext;
import io.micronaut.http.HttpStatus;

/**
 * The state a read endpoint answers from, by its {@code ?consistency=}: {@code linearizable} (default; a read
 * barrier through the log first) or {@code local} (this member's state as it is).
 */
public final class ConsistentRead {

  /** Why the state cannot be read: a bad parameter (400) or no quorum for the barrier (503). */
  public static final class Refused extends Exception {
    private final HttpStatus status;

    Refused(HttpStatus status, String message) {
      super(message);
      this.status = status;
    }

    public HttpStatus status() {
      return status;
    }
  }

  private ConsistentRead() {}

  /** @param what what the endpoint shows, for the 503 message, e.g. "state" */
  public static ControllerState state(OpsContext ops, String consistency, String what)
      throws Refused, InterruptedException {
    String mode = consistency == null ? "linearizable" : consistency;
    return switch (mode) {
      case "local" -> ops.state().current();
      case "linearizable" -> {
        try {
          yield ops.configChanges().currentLinearizable();
        } catch (ConfigChanges.Unavailable e) {
          throw new Refused(HttpStatus.SERVICE_UNAVAILABLE,
              e.getMessage() + "; ?consistency=local gives this member's possibly stale " + what);
        }
      }
      default -> throw new Refused(HttpStatus.BAD_REQUEST,
          "consistency: must be linearizable or local, got '" + consistency + "'");
    };
  }
}
