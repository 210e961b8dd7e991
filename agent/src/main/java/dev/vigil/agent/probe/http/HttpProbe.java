package dev.vigil.agent.probe.http;

import dev.vigil.agent.probe.AddressResolver;
import dev.vigil.agent.probe.Check;
import dev.vigil.agent.probe.ProbeResult;
import dev.vigil.agent.probe.ProbeSpec;
import dev.vigil.agent.probe.Probe;

/**
 * Route 53 HTTP/HTTPS (optionally string-matching) check on a raw socket: a new connection per probe, the
 * Host header under our control, no redirects followed, healthy on 200-399.
 */
public final class HttpProbe implements Probe {

  private final AddressResolver resolver;

  public HttpProbe(AddressResolver resolver) {
    this.resolver = resolver;
  }

  @Override
  public ProbeResult run(Check check) {
    if (!(check.spec() instanceof ProbeSpec.Http spec)) {
      throw new IllegalArgumentException("not an HTTP check: " + check.id());
    }
    return new HttpExchange(check, spec, resolver).execute();
  }
}
