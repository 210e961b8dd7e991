package dev.vigil.agent.probe;

import dev.vigil.agent.probe.http.HttpProbe;
import dev.vigil.agent.probe.tcp.TcpProbe;

/** Picks the probe for a check's kind; the one probe the scheduler knows. */
public final class AnyProbe implements Probe {

  private final Probe http;
  private final Probe tcp;

  public AnyProbe(AddressResolver resolver) {
    this(new HttpProbe(resolver), new TcpProbe(resolver));
  }

  public AnyProbe(Probe http, Probe tcp) {
    this.http = http;
    this.tcp = tcp;
  }

  @Override
  public ProbeResult run(Check check) {
    ProbeResult result = switch (check.spec()) {
      case ProbeSpec.Http h -> http.run(check);
      case ProbeSpec.Tcp t -> tcp.run(check);
    };
    return check.measureLatency() ? result : result.withLatency(result.latency().totalOnly());
  }
}
