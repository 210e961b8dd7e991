package dev.vigil.agent.probe;

import java.time.Duration;

/**
 * Per-phase timeouts of one probe. Route 53's limits (HTTP: connect 4 s, status line 2 s after connect,
 * body 2 s after status; TCP: connect 10 s) apply as long as they fit in 90% of the check interval; otherwise
 * every phase is scaled down by the same factor so the whole probe ends within 90% of the interval. Probes
 * therefore never overlap their own next slot. Example, 1 s interval: HTTP 600/300 ms, HTTP with string
 * matching 450/225/225 ms, TCP 900 ms.
 */
public record PhaseTimeouts(Duration connect, Duration response, Duration body) {

  public static final Duration HTTP_CONNECT = Duration.ofSeconds(4);
  public static final Duration HTTP_RESPONSE = Duration.ofSeconds(2);
  public static final Duration HTTP_BODY = Duration.ofSeconds(2);
  public static final Duration TCP_CONNECT = Duration.ofSeconds(10);

  /** The share of the interval a probe may use: 9/10. */
  public static Duration budget(Duration interval) {
    return Duration.ofMillis(interval.toMillis() * 9 / 10);
  }

  public static PhaseTimeouts http(Duration interval, boolean readsBody) {
    Duration body = readsBody ? HTTP_BODY : Duration.ZERO;
    return scaled(budget(interval), HTTP_CONNECT, HTTP_RESPONSE, body);
  }

  public static PhaseTimeouts tcp(Duration interval) {
    return scaled(budget(interval), TCP_CONNECT, Duration.ZERO, Duration.ZERO);
  }

  public static PhaseTimeouts forCheck(Check check) {
    return switch (check.spec()) {
      case ProbeSpec.Http http -> http(check.interval(), http.matchesString());
      case ProbeSpec.Tcp tcp -> tcp(check.interval());
    };
  }

  public Duration total() {
    return connect.plus(response).plus(body);
  }

  private static PhaseTimeouts scaled(Duration budget, Duration connect, Duration response, Duration body) {
    long sum = connect.toMillis() + response.toMillis() + body.toMillis();
    long limit = budget.toMillis();
    if (sum <= limit) {
      return new PhaseTimeouts(connect, response, body);
    }
    return new PhaseTimeouts(scale(connect, limit, sum), scale(response, limit, sum), scale(body, limit, sum));
  }

  private static Duration scale(Duration phase, long limit, long sum) {
    return Duration.ofMillis(phase.toMillis() * limit / sum);
  }
}
