package dev.vigil.e2e.cluster;

import dev.vigil.e2e.harness.ClusterDeployment;
import dev.vigil.e2e.harness.ClusterDeployment.DnsNode;
import dev.vigil.e2e.harness.DnsProbe;
import dev.vigil.e2e.harness.HttpGet;
import dev.vigil.e2e.harness.Poll;
import dev.vigil.e2e.harness.AdminHttp;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.xbill.DNS.Type;

/** Config versions through the admin API (any member, next on failure) and as the dns-nodes serve them. */
final class Versions {

  private final ClusterDeployment cluster;
  private int next;

  Versions(ClusterDeployment cluster) {
    this.cluster = cluster;
  }

  /**
   * Applies config version {@code k}, trying the controllers in turn (starting at {@code k}) until one
   * acknowledges; a member that is down, has no leader or times out is skipped.
   *
   * @throws AssertionError when the config is refused (400) or nothing acknowledges before the deadline
   */
  private static final String ACKNOWLEDGED = "acknowledged";

  void apply(int k, Duration deadline) throws InterruptedException {
    List<String> members = cluster.httpAddresses();
    int[] attempt = {0};
    Poll.until("config " + k + " to be acknowledged", deadline, () -> {
      int index = (next + attempt[0]++) % members.size();
      String member = members.get(index);
      HttpGet.Response r = AdminHttp.applyConfig(member, cluster.config().render(k), Duration.ofSeconds(5));
      if (r.status() == 400) {
        throw new AssertionError("config " + k + " refused: " + r.body());
      }
      if (r.status() == 200) {
        next = index;
        return ACKNOWLEDGED;
      }
      return member + ": " + r.status() + " " + r.body();
    }, ACKNOWLEDGED::equals);
  }

  /** The version a dns-node serves ({@code ver} TXT), or -1 when it cannot say. */
  static int served(DnsNode node) {
    try {
      DnsProbe.Answer a = node.udp().query(ClusterDeployment.VERSION_NAME, Type.TXT);
      if (a.values().size() != 1) {
        return -1;
      }
      return Integer.parseInt(a.values().get(0).replace("\"", ""));
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }
}
