package dev.vigil.dnsnode.store;

/** An answer update (from a controller or the state file) that cannot be turned into an answer state. */
public final class InvalidUpdateException extends Exception {
    public InvalidUpdateException(String message) {
        super(message);
    }

    public InvalidUpdateException(String message, Throwable cause) {
        super(message, cause);
    }
}
