package dev.vigil.agent.probe.http;

import dev.vigil.agent.probe.Sockets;
import java.io.FilterInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * Bounds every read by a phase deadline: before each read the socket's SO_TIMEOUT is set to the time left,
 * so a slow trickle cannot stretch a phase past its deadline.
 */
final class DeadlineInputStream extends FilterInputStream {

  private final Socket socket;
  private long deadlineNanos;

  DeadlineInputStream(Socket socket, long deadlineNanos) throws IOException {
    super(socket.getInputStream());
    this.socket = socket;
    this.deadlineNanos = deadlineNanos;
  }

  void deadline(long nanos) {
    this.deadlineNanos = nanos;
  }

  @Override
  public int read() throws IOException {
    arm();
    return super.read();
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    arm();
    return super.read(b, off, len);
  }

  private void arm() throws IOException {
    int left = Sockets.millisUntil(deadlineNanos);
    if (left == 0) {
      throw new SocketTimeoutException("phase deadline passed");
    }
    socket.setSoTimeout(left);
  }
}
