package dev.vigil.agent.probe.tcp;

import dev.vigil.agent.probe.AddressResolver;
import dev.vigil.agent.probe.Check;
import dev.vigil.agent.probe.Endpoint;
import dev.vigil.agent.probe.FailureKind;
import dev.vigil.agent.probe.Latency;
import dev.vigil.agent.probe.PhaseTimeouts;
import dev.vigil.agent.probe.Probe;
import dev.vigil.agent.probe.ProbeFailure;
import dev.vigil.agent.probe.ProbeResult;
import dev.vigil.agent.probe.ProbeSpec;
import dev.vigil.agent.probe.Sockets;
import java.net.Socket;

/** Route 53 TCP check: healthy when a TCP connection is set up in time; nothing is sent. */
public final class TcpProbe implements Probe {

  private final AddressResolver resolver;

  public TcpProbe(AddressResolver resolver) {
    this.resolver = resolver;
  }

  @Override
  public ProbeResult run(Check check) {
    if (!(check.spec() instanceof ProbeSpec.Tcp)) {
      throw new IllegalArgumentException("not a TCP check: " + check.id());
    }
    long start = System.nanoTime();
    long budget = PhaseTimeouts.forCheck(check).connect().toMillis();
    String ip = "";
    try {
      Endpoint endpoint = resolve(check);
      ip = endpoint.ip();
      long connectStart = System.nanoTime();
      Socket socket = Sockets.connect(endpoint, start + budget * 1_000_000L, budget);
      long connected = System.nanoTime();
      Sockets.closeQuietly(socket);
      long connectMicros = Sockets.micros(connectStart, connected);
      return ProbeResult.healthy("TCP connection to " + endpoint + " in " + connectMicros / 1000 + " ms", ip, 0,
          new Latency(connectMicros, 0, 0, Sockets.micros(start, System.nanoTime())), 0);
    } catch (ProbeFailure f) {
      return ProbeResult.failed(f.kind(), f.getMessage(), ip, 0,
          new Latency(0, 0, 0, Sockets.micros(start, System.nanoTime())), 0);
    }
  }

  private Endpoint resolve(Check check) throws ProbeFailure {
    try {
      return Endpoint.resolve(check.target(), resolver);
    } catch (Endpoint.ResolutionFailed e) {
      throw new ProbeFailure(FailureKind.DNS_RESOLUTION_FAILED, e.getMessage());
    }
  }
}
