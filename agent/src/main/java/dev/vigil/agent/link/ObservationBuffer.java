package dev.vigil.agent.link;

import dev.vigil.agent.probe.Observation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;

/** A link's bounded queue of observations not yet taken in by its controller; on overflow the oldest go. */
public final class ObservationBuffer {

  private final int capacity;
  private final ArrayDeque<Observation> queue = new ArrayDeque<>();
  private long dropped;

  public ObservationBuffer(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("buffer capacity must be at least 1, got " + capacity);
    }
    this.capacity = capacity;
  }

  public synchronized void offer(Observation observation) {
    queue.addLast(observation);
    trim();
  }

  /** Removes and returns up to {@code max} of the oldest observations. */
  public synchronized List<Observation> take(int max) {
    List<Observation> out = new ArrayList<>(Math.min(max, queue.size()));
    while (out.size() < max && !queue.isEmpty()) {
      out.add(queue.pollFirst());
    }
    return out;
  }

  /** Puts sent-but-unacknowledged observations back in front, oldest first; may drop the oldest to fit. */
  public synchronized void requeueFront(List<Observation> observations) {
    ListIterator<Observation> it = observations.listIterator(observations.size());
    while (it.hasPrevious()) {
      queue.addFirst(it.previous());
    }
    trim();
  }

  public synchronized int size() {
    return queue.size();
  }

  public synchronized boolean isEmpty() {
    return queue.isEmpty();
  }

  /** Observations dropped since start. */
  public synchronized long dropped() {
    return dropped;
  }

  public int capacity() {
    return capacity;
  }

  private void trim() {
    while (queue.size() > capacity) {
      queue.pollFirst();
      dropped++;
    }
  }
}
