package dev.vigil.controller.cluster;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest applied {@link ControllerState}, readable from any thread, with listeners told of each
 * new state. Listeners run on the applying thread and must only hand work off (never block).
 */
public final class ReplicatedState {

  private static final Logger log = LoggerFactory.getLogger(ReplicatedState.class);

  private final AtomicReference<ControllerState> current;
  private final List<Consumer<ControllerState>> listeners = new CopyOnWriteArrayList<>();

  public ReplicatedState() {
    this(ControllerState.INITIAL);
  }

  /** @param initial the state before any entry, e.g. with this member's history retention */
  public ReplicatedState(ControllerState initial) {
    this.current = new AtomicReference<>(initial);
  }

  public ControllerState current() {
    return current.get();
  }

  public void publish(ControllerState next) {
    current.set(next);
    for (Consumer<ControllerState> listener : listeners) {
      try {
        listener.accept(next);
      } catch (RuntimeException e) {
        log.warn("event=state.listener_failed error=\"{}\"", e.toString());
      }
    }
  }

  /** @return removes the listener */
  public Runnable addListener(Consumer<ControllerState> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }
}
